package dev.pubsub.core.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

/**
 * A local subscription of a client (held by its {@code LocalSubscriptions}): the OR of its patterns' matchers and
 * one {@link OrderedDispatcher} around the handler, whatever the number of patterns. Drops are
 * counted exactly and logged rate-limited; stopping drains the queue within a timeout, never
 * interrupts the handler, and counts and logs once what it discards.
 */
public final class DispatchingSubscription implements Subscription {

	private final String clientName;

	private final List<String> patterns;

	private final Predicate<String>[] matchers;

	private final SubscribeOptions options;

	private final String description;

	private final PubSubClientMetrics metrics;

	private final Log logger;

	private final Consumer<DispatchingSubscription> onStop;

	private final RateLimitedLog dropLog;

	private final OrderedDispatcher<PubSubMessage> dispatcher;

	private final AtomicReference<@Nullable CompletableFuture<Integer>> stopped = new AtomicReference<>();

	/**
	 * Create a subscription and start its handler threads.
	 * @param clientName the client's name
	 * @param patterns the distinct patterns
	 * @param matchers the compiled patterns, in the same order
	 * @param handler the handler
	 * @param options the dispatch options
	 * @param metrics the client's counters
	 * @param logger the client's logger
	 * @param onStop called once when the subscription stops, before its queue drains: the client
	 * stops routing to it and releases its remote subscriptions
	 */
	DispatchingSubscription(String clientName, List<String> patterns, List<Predicate<String>> matchers,
			PubSubMessageHandler handler, SubscribeOptions options, PubSubClientMetrics metrics, Log logger,
			Consumer<DispatchingSubscription> onStop) {
		this(clientName, patterns, matchers, handler, options, metrics, logger, onStop, null);
	}

	/**
	 * Create a subscription whose queued and in-flight messages also take bytes from the client's
	 * inbound budget.
	 * @param clientName the client's name
	 * @param patterns the distinct patterns
	 * @param matchers the compiled patterns, in the same order
	 * @param handler the handler
	 * @param options the dispatch options
	 * @param metrics the client's counters
	 * @param logger the client's logger
	 * @param onStop called once when the subscription stops
	 * @param budget the client's inbound byte budget, or {@code null} for none
	 */
	@SuppressWarnings("unchecked")
	DispatchingSubscription(String clientName, List<String> patterns, List<Predicate<String>> matchers,
			PubSubMessageHandler handler, SubscribeOptions options, PubSubClientMetrics metrics, Log logger,
			Consumer<DispatchingSubscription> onStop, @Nullable InboundBudget budget) {
		this.clientName = clientName;
		this.patterns = List.copyOf(patterns);
		this.matchers = matchers.toArray(Predicate[]::new);
		this.options = options;
		this.metrics = metrics;
		this.logger = logger;
		this.onStop = onStop;
		this.dropLog = new RateLimitedLog(logger);
		this.description = LogSanitizer.sanitize(String.join(",", patterns), 80);
		this.dispatcher = new OrderedDispatcher<>("pubsub-" + clientName + "-" + this.description,
				options.concurrency(), options.queueCapacity(), options.overflowPolicy(), PubSubMessage::topic,
				(message) -> invoke(handler, message), this::dropped, (message) -> metrics.messageDiscardedOnShutdown(), budget,
				InboundBudget::weigh);
	}

	/**
	 * Whether a routing key matches any of the subscription's patterns.
	 * @param routingKey the routing key
	 * @return {@code true} if one of the patterns matches
	 */
	public boolean matches(String routingKey) {
		for (Predicate<String> matcher : this.matchers) {
			if (matcher.test(routingKey)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Queue a message for the handler (the overflow policy applies when the lane is full).
	 * @param message the message
	 */
	void offer(PubSubMessage message) {
		this.dispatcher.dispatch(message);
	}

	private void invoke(PubSubMessageHandler handler, PubSubMessage message) {
		try {
			handler.onMessage(message);
		}
		catch (RuntimeException ex) {
			this.metrics.listenerError();
			this.logger.error("Handler for '" + this.description + "' on client '" + this.clientName
					+ "' failed for routing key '" + LogSanitizer.sanitize(message.routingKey()) + "'", ex);
		}
	}

	private void dropped(PubSubMessage message) {
		this.metrics.messageDropped();
		this.dropLog.warn(() -> "Dropped message on '" + LogSanitizer.sanitize(message.routingKey())
				+ "' for subscription '" + this.description + "' of client '" + this.clientName
				+ "': dispatch queue or the client's inbound byte budget full (" + this.options.overflowPolicy()
				+ ", capacity " + this.options.queueCapacity()
				+ " per thread); every drop is counted in the client's 'dropped'");
	}

	@Override
	public String pattern() {
		return this.patterns.get(0);
	}

	@Override
	public List<String> patterns() {
		return this.patterns;
	}

	/**
	 * Return the dispatch options.
	 * @return the options
	 */
	public SubscribeOptions options() {
		return this.options;
	}

	@Override
	public boolean isActive() {
		return this.stopped.get() == null;
	}

	@Override
	public void cancel() {
		stop(this.options.shutdownTimeout());
	}

	@Override
	public CompletableFuture<Integer> stop(Duration timeout) {
		CompletableFuture<Integer> result = new CompletableFuture<>();
		if (!this.stopped.compareAndSet(null, result)) {
			CompletableFuture<Integer> first = this.stopped.get();
			return (first != null) ? first : result;
		}
		try {
			this.onStop.accept(this);
		}
		catch (RuntimeException ex) {
			this.logger.warn("Client '" + this.clientName + "' could not release the remote subscriptions of '"
					+ this.description + "': " + LogSanitizer.sanitize(ex.toString()));
		}
		this.dispatcher.shutdown(timeout).whenComplete((outcome, ex) -> {
			int discarded = (outcome != null) ? outcome.discarded() : 0;
			int running = (outcome != null) ? outcome.stillRunning() : 0;
			if (discarded > 0 || running > 0) {
				this.logger.warn("Subscription '" + this.description + "' of client '" + this.clientName
						+ "' stopped after its shutdown timeout of " + timeout.toMillis() + " ms: " + discarded
						+ " queued message(s) discarded (counted in 'discardedOnShutdown'), " + running
						+ " handler call(s) still running (not interrupted)");
			}
			result.complete(discarded);
		});
		return result;
	}

}
