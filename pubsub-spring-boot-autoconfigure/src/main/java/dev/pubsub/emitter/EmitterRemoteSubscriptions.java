package dev.pubsub.emitter;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.SubscribeOptions;

/**
 * The remote subscriptions of a {@link PahoEmitterClient}: one MQTT subscription per subscription
 * topic (key, channel, share group), counted by the local subscriptions that need it, subscribed
 * on a ready session, unsubscribed when the last one is cancelled, and restored on every new
 * session (a restored subscription replays {@code restore-last} stored messages, the first
 * subscribe its own {@code last}).
 */
final class EmitterRemoteSubscriptions {

	private final Map<String, RemoteSubscription> subscriptions = new LinkedHashMap<>();

	private final Map<String, CompletableFuture<Void>> pendingUnsubscribes = new ConcurrentHashMap<>();

	private final Set<String> missingKeyWarnings = ConcurrentHashMap.newKeySet();

	private final String clientName;

	private final EmitterClientSettings settings;

	private final EmitterExtras extras;

	private final EmitterWire wire;

	private final EmitterCompletions completions;

	private final Log logger;

	EmitterRemoteSubscriptions(String clientName, EmitterClientSettings settings, EmitterExtras extras,
			EmitterWire wire, EmitterCompletions completions, Log logger) {
		this.clientName = clientName;
		this.settings = settings;
		this.extras = extras;
		this.wire = wire;
		this.completions = completions;
		this.logger = logger;
	}

	/**
	 * Return the future of the first acknowledgement of a remote subscription.
	 * @param topic the subscription topic
	 * @return completed when the broker first granted it, failed when it refused; {@code null} if
	 * there is no such remote subscription
	 */
	@Nullable CompletableFuture<Void> firstAck(String topic) {
		synchronized (this.wire.lock()) {
			RemoteSubscription remote = this.subscriptions.get(topic);
			return (remote != null) ? remote.firstAck : null;
		}
	}

	/**
	 * A local subscription needs a pattern: count it, and subscribe remotely if it is the first.
	 * @param pattern the pattern
	 * @param options the local subscription's options
	 */
	void hold(String pattern, SubscribeOptions options) {
		if (!options.remoteSubscribe() || EmitterChannelPattern.compile(pattern).isCatchAll()) {
			return;
		}
		String key = this.extras.keyFor(pattern, options.extras());
		if (key == null) {
			if (this.missingKeyWarnings.add(pattern)) {
				this.logger.warn("Emitter client '" + this.clientName + "' has no channel key for pattern '" + pattern
						+ "': it receives only what other subscriptions and links bring. Set the subscribe option extra '"
						+ EmitterClient.KEY_EXTRA + "' or pubsub.clients." + this.clientName + ".emitter.channel-keys");
			}
			return;
		}
		String topic = EmitterTopics.subscriptionTopic(key, pattern, EmitterExtras.group(options.extras()));
		int last = EmitterExtras.intExtra(options.extras(), EmitterClient.LAST_EXTRA, 0);
		synchronized (this.wire.lock()) {
			RemoteSubscription remote = this.subscriptions.get(topic);
			if (remote != null) {
				remote.references++;
				return;
			}
			remote = new RemoteSubscription(topic, last);
			this.subscriptions.put(topic, remote);
			EmitterSession current = this.wire.readySession();
			if (current != null) {
				subscribe(current, remote).whenComplete((ok, ex) -> {
					if (ex != null && !(EmitterCompletions.unwrap(ex) instanceof EmitterRequestException)) {
						this.logger.warn("Emitter client '" + this.clientName + "' could not subscribe to channel '"
								+ pattern + "' (it is retried after the next reconnect): " + EmitterCompletions.unwrap(ex));
					}
				});
			}
		}
	}

	/**
	 * A local subscription no longer needs a pattern: unsubscribe remotely if it was the last.
	 * @param pattern the pattern
	 * @param options the local subscription's options
	 */
	void release(String pattern, SubscribeOptions options) {
		if (!options.remoteSubscribe() || EmitterChannelPattern.compile(pattern).isCatchAll()) {
			return;
		}
		String key = this.extras.keyFor(pattern, options.extras());
		if (key == null) {
			return;
		}
		String topic = EmitterTopics.subscriptionTopic(key, pattern, EmitterExtras.group(options.extras()));
		synchronized (this.wire.lock()) {
			RemoteSubscription remote = this.subscriptions.get(topic);
			if (remote == null || --remote.references > 0) {
				return;
			}
			this.subscriptions.remove(topic);
			EmitterSession current = this.wire.readySession();
			if (current == null) {
				return;
			}
			this.pendingUnsubscribes.put(topic, this.wire.unsubscribe(current, topic));
		}
	}

	/**
	 * Take the acknowledgement of the last unsubscribe of a topic.
	 * @param topic the subscription topic
	 * @return its future, or {@code null} if none was sent since the last call
	 */
	@Nullable CompletableFuture<Void> takeUnsubscribe(String topic) {
		return this.pendingUnsubscribes.remove(topic);
	}

	/**
	 * Subscribe every remote subscription on a new session (the caller holds the
	 * {@linkplain EmitterWire#lock() send lock}).
	 * @param target the new session
	 * @param steps where the futures of the subscribes are added
	 */
	void restore(EmitterSession target, List<CompletableFuture<?>> steps) {
		for (RemoteSubscription subscription : this.subscriptions.values()) {
			steps.add(EmitterConnector.tolerateRefusal(subscribe(target, subscription)));
		}
	}

	private CompletableFuture<Void> subscribe(EmitterSession target, RemoteSubscription subscription) {
		int last = subscription.established ? this.settings.restoreLast() : subscription.last;
		String topic = EmitterTopics.withOptions(subscription.topic,
				Map.of(EmitterClient.LAST_EXTRA, Integer.toString(last)));
		String channel = subscription.topic.substring(subscription.topic.indexOf('/') + 1);
		return this.wire.subscribe(target, topic, channel).whenComplete((ok, ex) -> {
			if (ex == null) {
				subscription.established = true;
				this.completions.complete(subscription.firstAck, null, null);
			}
			else if (EmitterCompletions.unwrap(ex) instanceof EmitterRequestException refused) {
				this.completions.complete(subscription.firstAck, null, refused);
			}
		});
	}

	private static final class RemoteSubscription {

		private final String topic;

		private final int last;

		private final CompletableFuture<Void> firstAck = new CompletableFuture<>();

		private int references = 1;

		private volatile boolean established;

		RemoteSubscription(String topic, int last) {
			this.topic = topic;
			this.last = last;
		}

	}

}
