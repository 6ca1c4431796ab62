package dev.pubsub.core.support;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import dev.pubsub.core.SubscribeOptions;

/**
 * The provider hooks of the client facade, which extends this class: what a provider implements (connect,
 * disconnect, pattern compilation) and what it may override (remote subscribe and unsubscribe, connection
 * loss, permanent failures, connection details, whether its inbound thread may wait). The facade
 * {@link AbstractPubSubClient} calls them through the callbacks it passes to its collaborators.
 */
abstract class ProviderHooksSupport extends ClientThreadsSupport {

	ProviderHooksSupport(String name) {
		super(name);
	}

	/**
	 * Whether the thread that calls {@code dispatch(PubSubMessage)} may wait for room in the inbound
	 * budget ({@link dev.pubsub.core.OverflowPolicy#BLOCK}). Providers whose inbound thread serves more than their own
	 * connection return {@code false}; their subscriptions then drop the newest message instead
	 * (counted and logged), as {@code docs/design.md} explains per provider.
	 * @return {@code true} by default
	 */
	protected boolean inboundThreadMayWait() {
		return true;
	}

	/**
	 * Establish a session: open the connection, complete any handshake, restore remote
	 * subscriptions. Called on the client's timer thread.
	 * @return a future completed when the session is ready
	 */
	protected abstract CompletableFuture<Void> doConnect();

	/**
	 * Close the connection, if any. Must not call {@code connectionLost(Throwable)}.
	 */
	protected abstract void doDisconnect();

	/**
	 * Compile a pattern into a routing-key matcher.
	 * @param pattern the pattern
	 * @return the matcher
	 */
	protected abstract Predicate<String> compilePattern(String pattern);

	/**
	 * Called for each distinct pattern of a local subscription after it is added; providers
	 * subscribe remotely here, counting references per pattern (a pattern may be held by several
	 * subscriptions).
	 * @param pattern the pattern
	 * @param options the options
	 */
	protected void onSubscribe(String pattern, SubscribeOptions options) {
	}

	/**
	 * Called for each distinct pattern of a local subscription after it is cancelled (it is no
	 * longer in {@code subscriptions()}); providers unsubscribe remotely here when no other
	 * subscription needs the topic.
	 * @param pattern the pattern
	 * @param options the options
	 */
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
	}

	/**
	 * Called when the connection is lost or closed; fail pending waiters here.
	 * @param cause the cause
	 */
	protected void onConnectionLost(Throwable cause) {
	}

	/**
	 * Whether a failed connection attempt should not be retried (a refused credential).
	 * @param cause the failure
	 * @return {@code true} to stop retrying
	 */
	protected boolean isPermanentFailure(Throwable cause) {
		return false;
	}

	/**
	 * Provider details added to the {@code CONNECTED} event.
	 * @return the details
	 */
	protected Map<String, Object> connectionDetails() {
		return Map.of();
	}

}
