package dev.pubsub.emitter;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PublishReceipt;

/**
 * The publishes of a {@link PahoEmitterClient}: encodes the payload, builds the topic, checks the
 * size, and sends at once on a ready session or, while the client connects or reconnects, queues
 * the publish in the offline queue (at most {@code offline-queue-capacity} publishes, or fails it
 * when {@code offline-publish-mode} is {@code fail}). A restored session sends the queue in order
 * before it takes new publishes.
 */
final class EmitterPublisher {

	private final Deque<QueuedPublish> offlineQueue = new ArrayDeque<>();

	private final String clientName;

	private final EmitterClientSettings settings;

	private final JsonMapper jsonMapper;

	private final Supplier<ConnectionState> state;

	private final EmitterWire wire;

	private final EmitterCompletions completions;

	EmitterPublisher(String clientName, EmitterClientSettings settings, JsonMapper jsonMapper,
			Supplier<ConnectionState> state, EmitterWire wire, EmitterCompletions completions) {
		this.clientName = clientName;
		this.settings = settings;
		this.jsonMapper = jsonMapper;
		this.state = state;
		this.wire = wire;
		this.completions = completions;
	}

	/**
	 * Return the topic options of a publish or link: {@code ttl} and {@code me=0}.
	 * @param options the publish options
	 * @return the options, in order
	 */
	static Map<String, String> query(EmitterPublishOptions options) {
		Map<String, String> query = new LinkedHashMap<>();
		if (options.ttl() > 0) {
			query.put(EmitterClient.TTL_EXTRA, Integer.toString(options.ttl()));
		}
		if (options.excludeMe()) {
			query.put(EmitterClient.ME_EXTRA, "0");
		}
		return query;
	}

	CompletableFuture<PublishReceipt> publish(String key, String channel, Object payload,
			EmitterPublishOptions options) {
		String topic;
		byte[] bytes;
		try {
			topic = EmitterTopics.publishTopic(key, channel, query(options));
			bytes = encode(payload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return sendOrQueue(topic, bytes, options.qos(), options.retain(), EmitterTopics.normalizeChannel(channel, false));
	}

	CompletableFuture<PublishReceipt> publishWithLink(String name, Object payload, EmitterPublishOptions options) {
		if (!EmitterRequests.LINK_NAME.matcher(name).matches()) {
			return CompletableFuture.failedFuture(
					new IllegalArgumentException("An Emitter link name is 1 or 2 letters or digits"));
		}
		byte[] bytes;
		try {
			bytes = encode(payload);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return sendOrQueue(name, bytes, options.qos(), options.retain(), name);
	}

	/**
	 * Send the queued publishes on a restored session, in order (the caller holds the
	 * {@linkplain EmitterWire#lock() send lock} and marks the session ready after this).
	 * @param target the session
	 */
	void flush(EmitterSession target) {
		while (!this.offlineQueue.isEmpty()) {
			QueuedPublish queued = this.offlineQueue.poll();
			this.wire.publish(target, queued.topic(), queued.payload(), queued.qos(), queued.retain(), queued.channel())
				.whenComplete((receipt, failure) -> this.completions.complete(queued.future(), receipt, failure));
		}
	}

	/**
	 * Fail every queued publish: the client was disconnected.
	 */
	void failQueued() {
		List<QueuedPublish> queued;
		synchronized (this.wire.lock()) {
			queued = new ArrayList<>(this.offlineQueue);
			this.offlineQueue.clear();
		}
		for (QueuedPublish publish : queued) {
			this.completions.fail(publish.future(), new PubSubNotConnectedException("Client '" + this.clientName
					+ "' was disconnected before a queued publish to '" + publish.channel() + "' could be sent"));
		}
	}

	private CompletableFuture<PublishReceipt> sendOrQueue(String topic, byte[] payload, int qos, boolean retain,
			String channel) {
		try {
			EmitterTopics.checkSize(topic, qos, payload.length, this.settings.maxMessageSize());
		}
		catch (PubSubException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		synchronized (this.wire.lock()) {
			EmitterSession current = this.wire.readySession();
			if (current != null) {
				return this.wire.publish(current, topic, payload, qos, retain, channel);
			}
			boolean connecting = switch (this.state.get()) {
				case CONNECTING, RECONNECTING, CONNECTED -> true;
				default -> false;
			};
			if (!connecting || this.settings.offlinePublishMode() == OfflinePublishMode.FAIL) {
				return CompletableFuture.failedFuture(new PubSubNotConnectedException("Emitter client '"
						+ this.clientName + "' is not connected (" + this.state.get() + "); publish to '" + channel
						+ "' not sent"));
			}
			if (this.offlineQueue.size() >= this.settings.offlineQueueCapacity()) {
				return CompletableFuture.failedFuture(new PubSubNotConnectedException("Emitter client '"
						+ this.clientName + "' is reconnecting and its offline queue is full ("
						+ this.settings.offlineQueueCapacity() + " publishes); publish to '" + channel + "' not sent"));
			}
			CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
			this.offlineQueue.add(new QueuedPublish(topic, payload, qos, retain, channel, future));
			return future;
		}
	}

	private byte[] encode(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof CharSequence text) {
			return text.toString().getBytes(StandardCharsets.UTF_8);
		}
		return this.jsonMapper.writeValueAsBytes(payload);
	}

	private record QueuedPublish(String topic, byte[] payload, int qos, boolean retain, String channel,
			CompletableFuture<PublishReceipt> future) {
	}

}
