package dev.pubsub.core.support;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The transport a {@link ReconnectDriver} drives: the provider's hooks, passed in by the client facade as
 * callbacks so that the driver never depends on the facade. {@code openSession} runs on the client's
 * scheduler thread; the others run on whichever thread connects, disconnects or reports a drop.
 *
 * @param openSession establishes a session, completed when it is ready (the provider's {@code doConnect()})
 * @param closeSession closes the session, if any (the provider's {@code doDisconnect()})
 * @param sessionLost told that the session is gone, to fail pending waiters (the provider's
 * {@code onConnectionLost})
 * @param isPermanent whether a failed attempt must not be retried (a refused credential)
 * @param connectedDetails provider details added to the {@code CONNECTED} event
 */
record ReconnectTarget(Supplier<CompletableFuture<Void>> openSession, Runnable closeSession,
		Consumer<Throwable> sessionLost, Predicate<Throwable> isPermanent,
		Supplier<Map<String, Object>> connectedDetails) {
}
