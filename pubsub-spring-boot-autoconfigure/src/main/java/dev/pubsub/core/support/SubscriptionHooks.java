package dev.pubsub.core.support;

import java.util.function.Predicate;

import dev.pubsub.core.SubscribeOptions;

/**
 * The provider's side of {@link LocalSubscriptions}: pattern compilation and the remote subscription of
 * each distinct pattern, passed in by the client facade so that the subscriptions never depend on it.
 */
interface SubscriptionHooks {

	/**
	 * Validate a pattern and compile it into a routing-key matcher.
	 * @param pattern the pattern
	 * @return the matcher
	 * @throws IllegalArgumentException when the pattern is not valid for the provider
	 */
	Predicate<String> matcher(String pattern);

	/**
	 * A local subscription now needs the pattern (the provider's {@code onSubscribe}).
	 * @param pattern the pattern
	 * @param options the subscription's options
	 */
	void subscribed(String pattern, SubscribeOptions options);

	/**
	 * A cancelled local subscription no longer needs the pattern (the provider's {@code onUnsubscribe}).
	 * @param pattern the pattern
	 * @param options the subscription's options
	 */
	void unsubscribed(String pattern, SubscribeOptions options);

	/**
	 * Whether the thread that dispatches inbound messages may wait for room in the inbound budget.
	 * @return {@code false} to turn {@code BLOCK} subscriptions into {@code DROP_NEWEST}
	 */
	boolean inboundThreadMayWait();

}
