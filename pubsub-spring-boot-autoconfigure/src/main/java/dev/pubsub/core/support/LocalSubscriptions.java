package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;

import org.springframework.util.Assert;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.SubscribeOptions;

/**
 * The local subscriptions of one client and the routing of its inbound messages to them. Each
 * subscription has its own ordered, bounded dispatcher; all share the client's {@link InboundBudget}.
 * Patterns are compiled, and remote subscriptions taken and released, through the
 * {@link SubscriptionHooks} the client facade passes in, once per distinct pattern of a subscription.
 */
final class LocalSubscriptions {

	private final String clientName;

	private final PubSubClientMetrics metrics;

	private final Log logger;

	private final SubscriptionHooks hooks;

	private final InboundBudget inboundBudget;

	private final List<DispatchingSubscription> subscriptions = new CopyOnWriteArrayList<>();

	/**
	 * Create the subscriptions of a client.
	 * @param clientName the client's name, for messages
	 * @param metrics the client's metrics
	 * @param logger the client's logger
	 * @param hooks the provider's side
	 */
	LocalSubscriptions(String clientName, PubSubClientMetrics metrics, Log logger, SubscriptionHooks hooks) {
		this.clientName = clientName;
		this.metrics = metrics;
		this.logger = logger;
		this.hooks = hooks;
		this.inboundBudget = new InboundBudget(InboundBudget.DEFAULT_MAX_BYTES, metrics);
	}

	InboundBudget inboundBudget() {
		return this.inboundBudget;
	}

	List<DispatchingSubscription> list() {
		return this.subscriptions;
	}

	DispatchingSubscription subscribe(Collection<String> patterns, PubSubMessageHandler handler,
			SubscribeOptions options) {
		List<String> distinct = List.copyOf(new LinkedHashSet<>(patterns));
		Assert.isTrue(!distinct.isEmpty(), "at least one pattern is required");
		List<Predicate<String>> matchers = new ArrayList<>(distinct.size());
		for (String pattern : distinct) {
			matchers.add(this.hooks.matcher().apply(pattern));
		}
		DispatchingSubscription subscription = new DispatchingSubscription(this.clientName, distinct, matchers,
				handler, inboundOptions(options), this.metrics, this.logger, this::release,
				this.inboundBudget);
		this.subscriptions.add(subscription);
		List<String> subscribed = new ArrayList<>(distinct.size());
		try {
			for (String pattern : distinct) {
				this.hooks.subscribed().accept(pattern, options);
				subscribed.add(pattern);
			}
		}
		catch (RuntimeException ex) {
			this.subscriptions.remove(subscription);
			subscribed.forEach((pattern) -> this.hooks.unsubscribed().accept(pattern, options));
			subscription.stop(Duration.ZERO);
			throw ex;
		}
		return subscription;
	}

	private SubscribeOptions inboundOptions(SubscribeOptions options) {
		if (options.overflowPolicy() != OverflowPolicy.BLOCK || this.hooks.inboundThreadMayWait().getAsBoolean()) {
			return options;
		}
		return options.withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
	}

	private void release(DispatchingSubscription subscription) {
		if (!this.subscriptions.remove(subscription)) {
			return;
		}
		for (String pattern : subscription.patterns()) {
			try {
				this.hooks.unsubscribed().accept(pattern, subscription.options());
			}
			catch (RuntimeException ex) {
				this.logger.warn("Client '" + this.clientName
						+ "' could not release the remote subscription of '" + LogSanitizer.sanitize(pattern) + "': "
						+ LogSanitizer.sanitize(ex.toString()));
			}
		}
	}

	void dispatch(PubSubMessage message) {
		this.metrics.messageReceived();
		boolean routed = false;
		for (DispatchingSubscription subscription : this.subscriptions) {
			if (subscription.matches(message.routingKey())) {
				routed = true;
				subscription.offer(message);
			}
		}
		if (!routed) {
			this.metrics.messageUnrouted();
		}
	}

	/**
	 * Stop every subscription still active and wait until each has drained its queue or passed its
	 * shutdown timeout.
	 */
	void stopAll() {
		List<CompletableFuture<Integer>> stopped = new ArrayList<>();
		for (DispatchingSubscription subscription : this.subscriptions) {
			stopped.add(subscription.stop(subscription.options().shutdownTimeout()));
		}
		try {
			CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			this.logger.debug("Error while stopping the subscriptions of client '" + this.clientName + "'",
					ex);
		}
	}

}
