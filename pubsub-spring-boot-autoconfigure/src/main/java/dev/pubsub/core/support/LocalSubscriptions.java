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

import org.springframework.util.Assert;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.SubscribeOptions;

/**
 * The local subscriptions of one {@link AbstractPubSubClient} and the routing of its inbound messages
 * to them. Each subscription has its own ordered, bounded dispatcher; all share the client's
 * {@link InboundBudget}. Remote subscriptions are taken and released through the client's
 * {@code onSubscribe}/{@code onUnsubscribe}, once per distinct pattern of a subscription.
 */
final class LocalSubscriptions {

	private final AbstractPubSubClient client;

	private final InboundBudget inboundBudget;

	private final List<DispatchingSubscription> subscriptions = new CopyOnWriteArrayList<>();

	LocalSubscriptions(AbstractPubSubClient client) {
		this.client = client;
		this.inboundBudget = new InboundBudget(InboundBudget.DEFAULT_MAX_BYTES, client.metrics());
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
			this.client.validatePattern(pattern);
			matchers.add(this.client.compilePattern(pattern));
		}
		DispatchingSubscription subscription = new DispatchingSubscription(this.client.name(), distinct, matchers,
				handler, inboundOptions(options), this.client.metrics(), this.client.logger, this::release,
				this.inboundBudget);
		this.subscriptions.add(subscription);
		List<String> subscribed = new ArrayList<>(distinct.size());
		try {
			for (String pattern : distinct) {
				this.client.onSubscribe(pattern, options);
				subscribed.add(pattern);
			}
		}
		catch (RuntimeException ex) {
			this.subscriptions.remove(subscription);
			subscribed.forEach((pattern) -> this.client.onUnsubscribe(pattern, options));
			subscription.stop(Duration.ZERO);
			throw ex;
		}
		return subscription;
	}

	private SubscribeOptions inboundOptions(SubscribeOptions options) {
		if (options.overflowPolicy() != OverflowPolicy.BLOCK || this.client.inboundThreadMayWait()) {
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
				this.client.onUnsubscribe(pattern, subscription.options());
			}
			catch (RuntimeException ex) {
				this.client.logger.warn("Client '" + this.client.name()
						+ "' could not release the remote subscription of '" + LogSanitizer.sanitize(pattern) + "': "
						+ LogSanitizer.sanitize(ex.toString()));
			}
		}
	}

	void dispatch(PubSubMessage message) {
		this.client.metrics().messageReceived();
		boolean routed = false;
		for (DispatchingSubscription subscription : this.subscriptions) {
			if (subscription.matches(message.routingKey())) {
				routed = true;
				subscription.offer(message);
			}
		}
		if (!routed) {
			this.client.metrics().messageUnrouted();
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
			this.client.logger.debug("Error while stopping the subscriptions of client '" + this.client.name() + "'",
					ex);
		}
	}

}
