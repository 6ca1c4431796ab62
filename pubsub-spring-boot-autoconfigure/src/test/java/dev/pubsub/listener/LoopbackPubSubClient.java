package dev.pubsub.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.ReplyOptions;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.AbstractPubSubClient;

/**
 * An in-process client for testing the listener machinery: {@link #deliver} plays the network,
 * replies and remote subscribes are recorded. Routing keys are {@code topic.messageType}.
 */
class LoopbackPubSubClient extends AbstractPubSubClient {

	final List<String> remoteSubscribes = new CopyOnWriteArrayList<>();

	final List<Reply> replies = new CopyOnWriteArrayList<>();

	/** Lifecycle timeline: {@code unsubscribe:<pattern>} and {@code client-stop}, shared with tests. */
	final List<String> timeline;

	private final boolean repliesSupported;

	LoopbackPubSubClient(String name, boolean supportsReplies) {
		this(name, supportsReplies, new CopyOnWriteArrayList<>());
	}

	LoopbackPubSubClient(String name, boolean supportsReplies, List<String> timeline) {
		super(name, JsonMapper.builder().build(), ReconnectPolicy.disabled(), Duration.ofSeconds(5));
		this.repliesSupported = supportsReplies;
		this.timeline = timeline;
	}

	void deliver(String topic, String messageType, String json) {
		deliver(topic, messageType, json, Map.of());
	}

	void deliver(String topic, String messageType, String json, Map<String, Object> headers) {
		PubSubMessage.Builder builder = PubSubMessage.builder(name(), topic, jsonMapper())
			.messageType(messageType)
			.routingKey(topic + "." + messageType)
			.payload(json.getBytes(StandardCharsets.UTF_8))
			.headers(PubSubHeaders.of(headers));
		if (this.repliesSupported) {
			builder.replyHandle((data, options) -> {
				this.replies.add(new Reply(topic, data, options));
				return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, null));
			});
		}
		dispatch(builder.build());
	}

	@Override
	public String type() {
		return "loopback";
	}

	@Override
	public boolean supportsReplies() {
		return this.repliesSupported;
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, null));
	}

	@Override
	protected CompletableFuture<Void> doConnect() {
		return CompletableFuture.completedFuture(null);
	}

	@Override
	protected void doDisconnect() {
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return TopicPattern.compile(pattern, '.')::matches;
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		if (options.remoteSubscribe()) {
			this.remoteSubscribes.add(pattern);
		}
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		this.timeline.add("unsubscribe:" + pattern);
	}

	@Override
	public void stop() {
		this.timeline.add("client-stop");
		super.stop();
	}

	record Reply(String topic, Object data, ReplyOptions options) {
	}

}
