package dev.pubsub.core;

/**
 * Callback for connection events of one client. Invoked on the client's event thread, never on a
 * network I/O thread; implementations should return quickly.
 */
@FunctionalInterface
public interface ConnectionListener {

	/**
	 * Handle a connection event.
	 * @param event the event
	 */
	void onConnectionEvent(ConnectionEvent event);

}
