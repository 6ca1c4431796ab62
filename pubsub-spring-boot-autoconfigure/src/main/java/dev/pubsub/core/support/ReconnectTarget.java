package dev.pubsub.core.support;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The transport a {@link ReconnectDriver} drives: the provider's hooks, passed in by the client facade so
 * that the driver never depends on the facade. {@link #openSession()} runs on the client's scheduler
 * thread; the others run on whichever thread connects, disconnects or reports a drop.
 */
interface ReconnectTarget {

	/**
	 * Establish a session (the provider's {@code doConnect()}).
	 * @return a future completed when the session is ready
	 */
	CompletableFuture<Void> openSession();

	/**
	 * Close the session, if any (the provider's {@code doDisconnect()}).
	 */
	void closeSession();

	/**
	 * The session is gone: fail pending waiters (the provider's {@code onConnectionLost}).
	 * @param cause what closed it
	 */
	void sessionLost(Throwable cause);

	/**
	 * Whether a failed attempt must not be retried (a refused credential).
	 * @param cause the failure
	 * @return {@code true} to give up
	 */
	boolean isPermanent(Throwable cause);

	/**
	 * Provider details added to the {@code CONNECTED} event.
	 * @return the details
	 */
	Map<String, Object> connectedDetails();

}
