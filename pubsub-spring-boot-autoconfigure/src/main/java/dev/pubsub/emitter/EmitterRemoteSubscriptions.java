package dev.pubsub.emitter;

import java.time.Duration;
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
import org.springframework.scheduling.TaskScheduler;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.core.support.RemoteSubscriptionRegistry;

/**
 * The remote subscriptions of a {@link PahoEmitterClient}, on the shared
 * {@link RemoteSubscriptionRegistry}: one MQTT subscription per subscription topic (key, channel,
 * share group), counted by the local subscriptions that need it. The registry subscribes the
 * wanted topics on each new session ({@link #attach}) and reconciles every change on the attached
 * one, so a topic released while its SUBSCRIBE is unanswered (during a restore, say) is
 * unsubscribed as soon as the broker granted it. A refused or failed subscribe is retried with the
 * reconnect policy's delays.
 * <p>
 * What the registry does not know stays here: each topic's {@code last} (the first subscribe sends
 * the local subscription's own {@code last}, later ones {@code restore-last}), the future of its
 * first SUBACK, and the acknowledgements of UNSUBSCRIBEs that callers of
 * {@link EmitterClient#unsubscribe} wait for.
 * <p>
 * Locks, always in this order: this class's monitor, the registry's lock (held while it calls the
 * {@link EmitterRemoteSubscriber}), the {@linkplain EmitterWire#lock() send lock}, the unsubscribe
 * waiters. Never call into the registry with the send lock held.
 */
final class EmitterRemoteSubscriptions {

	private final RemoteSubscriptionRegistry registry;

	/** Orders the changes of {@link #topics} with the registry's counts; taken before the registry's lock. */
	private final Object monitor = new Object();

	/** The wanted topics (changed under {@link #monitor}, read without it). */
	private final Map<String, TopicState> topics = new ConcurrentHashMap<>();

	/** The callers of {@link #awaitUnsubscribe} still running, by topic (guarded by itself). */
	private final Map<String, List<UnsubscribeWaiter>> unsubscribeWaiters = new HashMap<>();

	private final Set<String> missingKeyWarnings = ConcurrentHashMap.newKeySet();

	private final String clientName;

	private final EmitterClientSettings settings;

	private final EmitterExtras extras;

	private final EmitterWire wire;

	private final EmitterCompletions completions;

	private final Duration requestTimeout;

	private final Log logger;

	private final RateLimitedLog failures;

	EmitterRemoteSubscriptions(String clientName, EmitterClientSettings settings, EmitterExtras extras,
			EmitterWire wire, EmitterCompletions completions, TaskScheduler scheduler, ReconnectPolicy policy,
			Duration requestTimeout, Log logger) {
		this.clientName = clientName;
		this.settings = settings;
		this.extras = extras;
		this.wire = wire;
		this.completions = completions;
		this.requestTimeout = requestTimeout;
		this.logger = logger;
		this.failures = new RateLimitedLog(logger);
		this.registry = new RemoteSubscriptionRegistry(scheduler, RemoteSubscriptionRegistry.retryBackOff(policy),
				RemoteSubscriptionRegistry.KeyMapping.identity(), new RemoteSubscriptionRegistry.Listener() {

					@Override
					public void recovered(List<String> keys) {
						keys.forEach((topic) -> logger.info("Emitter client '" + clientName
								+ "': the broker now grants the subscription to '"
								+ LogSanitizer.sanitize(EmitterRemoteSubscriber.channel(topic)) + "'"));
					}

				});
	}

	/**
	 * Return the future of the first acknowledgement of a remote subscription.
	 * @param topic the subscription topic
	 * @return completed when the broker first granted it, failed when it refused; {@code null} if
	 * there is no such remote subscription
	 */
	@Nullable CompletableFuture<Void> firstAck(String topic) {
		TopicState state = this.topics.get(topic);
		return (state != null) ? state.firstAck : null;
	}

	/**
	 * A local subscription needs a pattern: count it, and subscribe remotely if it is the first.
	 * @param pattern the pattern
	 * @param options the local subscription's options
	 */
	void hold(String pattern, SubscribeOptions options) {
		String topic = topicOf(pattern, options, true);
		if (topic == null) {
			return;
		}
		int last = EmitterExtras.intExtra(options.extras(), EmitterClient.LAST_EXTRA, 0);
		synchronized (this.monitor) {
			this.topics.computeIfAbsent(topic, (t) -> new TopicState(last));
			this.registry.add(topic);
		}
	}

	/**
	 * A local subscription no longer needs a pattern: unsubscribe remotely if it was the last.
	 * @param pattern the pattern
	 * @param options the local subscription's options
	 */
	void release(String pattern, SubscribeOptions options) {
		String topic = topicOf(pattern, options, false);
		if (topic == null) {
			return;
		}
		synchronized (this.monitor) {
			if (this.registry.remove(topic) == 0) {
				this.topics.remove(topic);
			}
		}
	}

	private @Nullable String topicOf(String pattern, SubscribeOptions options, boolean warn) {
		if (!options.remoteSubscribe() || EmitterChannelPattern.compile(pattern).isCatchAll()) {
			return null;
		}
		String key = this.extras.keyFor(pattern, options.extras());
		if (key == null) {
			if (warn && this.missingKeyWarnings.add(pattern)) {
				this.logger.warn("Emitter client '" + this.clientName + "' has no channel key for pattern '" + pattern
						+ "': it receives only what other subscriptions and links bring. Set the subscribe option extra '"
						+ EmitterClient.KEY_EXTRA + "' or pubsub.clients." + this.clientName + ".emitter.channel-keys");
			}
			return null;
		}
		return EmitterTopics.subscriptionTopic(key, pattern, EmitterExtras.group(options.extras()));
	}

	/**
	 * Start tracking a new session: subscribe every wanted topic on it (call without holding the
	 * {@linkplain EmitterWire#lock() send lock}). Topics added from now on are subscribed at once.
	 * @param target the new session
	 * @return completed when the broker answered every SUBSCRIBE or the request timeout passed; never
	 * exceptionally (what is not granted is retried)
	 */
	CompletableFuture<Void> attach(EmitterSession target) {
		return this.registry.attach(new EmitterRemoteSubscriber(target, this.wire, this.requestTimeout,
				this::lastOption, this::answered, this::unsubscribed));
	}

	/**
	 * Stop tracking the session (it closed): late answers are ignored and retries cancelled.
	 */
	void detach() {
		this.registry.detach();
	}

	private String lastOption(String topic) {
		TopicState state = this.topics.get(topic);
		int last = (state == null) ? 0 : state.established ? this.settings.restoreLast() : state.last;
		return Integer.toString(last);
	}

	private void answered(String topic, @Nullable Throwable failure) {
		TopicState state = this.topics.get(topic);
		if (failure == null) {
			if (state != null) {
				state.established = true;
				this.completions.complete(state.firstAck, null, null);
			}
		}
		else if (failure instanceof EmitterRequestException refused) {
			if (state != null) {
				this.completions.complete(state.firstAck, null, refused);
			}
		}
		else {
			this.failures.warn(() -> "Emitter client '" + this.clientName + "' could not subscribe to channel '"
					+ LogSanitizer.sanitize(EmitterRemoteSubscriber.channel(topic)) + "' (it is retried): "
					+ LogSanitizer.sanitize(failure));
		}
	}

	private void unsubscribed(String topic, CompletableFuture<Void> acknowledged) {
		synchronized (this.unsubscribeWaiters) {
			List<UnsubscribeWaiter> waiters = this.unsubscribeWaiters.get(topic);
			if (waiters != null) {
				waiters.forEach((waiter) -> waiter.acknowledged = acknowledged);
			}
		}
	}

	/**
	 * Return the wanted subscriptions the current session does not hold, by channel: the subscription
	 * topic without its key (a secret), with a share group's prefix.
	 * @return channel to reason
	 */
	Map<String, String> unheld() {
		Map<String, String> unheld = new LinkedHashMap<>();
		this.registry.unheld().forEach((topic, reason) -> unheld.merge(EmitterRemoteSubscriber.channel(topic), reason,
				(first, second) -> first));
		return unheld;
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
		synchronized (this.unsubscribeWaiters) {
			this.unsubscribeWaiters.computeIfAbsent(topic, (t) -> new ArrayList<>(1)).add(waiter);
		}
		try {
			action.run();
		}
		finally {
			synchronized (this.unsubscribeWaiters) {
				List<UnsubscribeWaiter> waiters = this.unsubscribeWaiters.get(topic);
				waiters.remove(waiter);
				if (waiters.isEmpty()) {
					this.unsubscribeWaiters.remove(topic);
				}
			}
		}
		synchronized (this.unsubscribeWaiters) {
			return waiter.acknowledged;
		}
	}

	/**
	 * Return how many unsubscribe acknowledgements are remembered.
	 * @return the count (0 when no {@link #awaitUnsubscribe} runs)
	 */
	int pendingUnsubscribes() {
		synchronized (this.unsubscribeWaiters) {
			return this.unsubscribeWaiters.values().stream().mapToInt(List::size).sum();
		}
	}

	private static final class TopicState {

		private final int last;

		private final CompletableFuture<Void> firstAck = new CompletableFuture<>();

		private volatile boolean established;

		TopicState(int last) {
			this.last = last;
		}

	}

	private static final class UnsubscribeWaiter {

		/** The acknowledgement of the UNSUBSCRIBE sent for it (guarded by the waiters map). */
		private @Nullable CompletableFuture<Void> acknowledged;

	}

}
