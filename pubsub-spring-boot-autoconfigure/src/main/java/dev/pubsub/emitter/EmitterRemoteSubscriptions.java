package dev.pubsub.emitter;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;

/**
 * The remote subscriptions of a {@link PahoEmitterClient}: one MQTT subscription per subscription
 * topic (key, channel, share group), counted by the local subscriptions that need it, subscribed
 * on a ready session, unsubscribed when the last one is cancelled, and restored on every new
 * session (a restored subscription replays {@code restore-last} stored messages, the first
 * subscribe its own {@code last}). A subscription added while a new session restores is sent just
 * before that session becomes ready.
 */
final class EmitterRemoteSubscriptions {

	private final Map<String, RemoteSubscription> subscriptions = new LinkedHashMap<>();

	/** The callers of {@link #awaitUnsubscribe} still running, by topic (guarded by the send lock). */
	private final Map<String, List<UnsubscribeWaiter>> unsubscribeWaiters = new HashMap<>();

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
				send(current, remote);
			}
			// otherwise the restore of the next session sends it, or, if that restore already
			// listed the subscriptions, sendUnsent just before the session becomes ready
		}
	}

	/**
	 * Send the remote subscriptions added while a session restored (the caller holds the
	 * {@linkplain EmitterWire#lock() send lock} and marks the session ready under it, so no
	 * subscription is added between this call and then).
	 * @param target the session about to become ready
	 */
	void sendUnsent(EmitterSession target) {
		for (RemoteSubscription subscription : this.subscriptions.values()) {
			if (subscription.sentOn != target) {
				send(target, subscription);
			}
		}
	}

	private void send(EmitterSession target, RemoteSubscription remote) {
		subscribe(target, remote).whenComplete((ok, ex) -> {
			if (ex != null && !(Failures.unwrap(ex) instanceof EmitterRequestException)) {
				this.logger.warn("Emitter client '" + this.clientName + "' could not subscribe to channel '"
						+ LogSanitizer.sanitize(remote.channel()) + "' (it is retried after the next reconnect): "
						+ LogSanitizer.sanitize(Failures.unwrap(ex)));
			}
		});
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
			CompletableFuture<Void> acknowledged = this.wire.unsubscribe(current, topic);
			List<UnsubscribeWaiter> waiters = this.unsubscribeWaiters.get(topic);
			if (waiters != null) {
				waiters.forEach((waiter) -> waiter.acknowledged = acknowledged);
			}
		}
	}

	/**
	 * Run an action that releases local subscriptions and return the acknowledgement of the
	 * UNSUBSCRIBE of a topic it sent. Only the callers still running are remembered: an
	 * UNSUBSCRIBE nobody waits for (a {@code Subscription.cancel()}) leaves nothing behind.
	 * @param topic the subscription topic
	 * @param action releases the local subscriptions (on this thread)
	 * @return completed when the broker acknowledged the UNSUBSCRIBE, failed when the connection
	 * was lost first; {@code null} if the action sent none
	 */
	@Nullable CompletableFuture<Void> awaitUnsubscribe(String topic, Runnable action) {
		UnsubscribeWaiter waiter = new UnsubscribeWaiter();
		synchronized (this.wire.lock()) {
			this.unsubscribeWaiters.computeIfAbsent(topic, (t) -> new ArrayList<>(1)).add(waiter);
		}
		try {
			action.run();
		}
		finally {
			synchronized (this.wire.lock()) {
				List<UnsubscribeWaiter> waiters = this.unsubscribeWaiters.get(topic);
				waiters.remove(waiter);
				if (waiters.isEmpty()) {
					this.unsubscribeWaiters.remove(topic);
				}
			}
		}
		synchronized (this.wire.lock()) {
			return waiter.acknowledged;
		}
	}

	/**
	 * Return how many unsubscribe acknowledgements are remembered.
	 * @return the count (0 when no {@link #awaitUnsubscribe} runs)
	 */
	int pendingUnsubscribes() {
		synchronized (this.wire.lock()) {
			return this.unsubscribeWaiters.values().stream().mapToInt(List::size).sum();
		}
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
		subscription.sentOn = target;
		return this.wire.subscribe(target, topic, subscription.channel()).whenComplete((ok, ex) -> {
			if (ex == null) {
				subscription.established = true;
				this.completions.complete(subscription.firstAck, null, null);
			}
			else if (Failures.unwrap(ex) instanceof EmitterRequestException refused) {
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

		/** The session its last SUBSCRIBE went to (guarded by the send lock). */
		private @Nullable EmitterSession sentOn;

		RemoteSubscription(String topic, int last) {
			this.topic = topic;
			this.last = last;
		}

		String channel() {
			return this.topic.substring(this.topic.indexOf('/') + 1);
		}

	}

	private static final class UnsubscribeWaiter {

		/** The acknowledgement of the UNSUBSCRIBE sent for it (guarded by the send lock). */
		private @Nullable CompletableFuture<Void> acknowledged;

	}

}
