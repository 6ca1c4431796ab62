package dev.pubsub.core.support;

import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.pubsub.core.SubscribeOptions;

/**
 * The provider's side of {@link LocalSubscriptions}: pattern compilation and the remote subscription of
 * each distinct pattern, passed in by the client facade as callbacks so that the subscriptions never
 * depend on it.
 *
 * @param matcher validates a pattern and compiles it into a routing-key matcher (throws
 * {@link IllegalArgumentException} for a pattern the provider does not accept)
 * @param subscribed told that a local subscription now needs a pattern (the provider's {@code onSubscribe})
 * @param unsubscribed told that a cancelled local subscription no longer needs a pattern (the provider's
 * {@code onUnsubscribe})
 * @param inboundThreadMayWait whether the thread that dispatches inbound messages may wait for room in
 * the inbound budget; {@code false} turns {@code BLOCK} subscriptions into {@code DROP_NEWEST}
 */
record SubscriptionHooks(Function<String, Predicate<String>> matcher, BiConsumer<String, SubscribeOptions> subscribed,
		BiConsumer<String, SubscribeOptions> unsubscribed, BooleanSupplier inboundThreadMayWait) {
}
