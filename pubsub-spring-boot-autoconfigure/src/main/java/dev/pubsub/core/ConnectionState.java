package dev.pubsub.core;

/**
 * The state of a client's connection.
 */
public enum ConnectionState {

	/** Not connected and not trying to connect (initial state, or after {@code disconnect()}). */
	DISCONNECTED,

	/** A first connection attempt is in progress. */
	CONNECTING,

	/** Connected and the session is established (subscriptions restored after a reconnect). */
	CONNECTED,

	/** The connection dropped unexpectedly; the client is waiting or retrying. */
	RECONNECTING,

	/** Reconnection gave up (attempts exhausted or a permanent refusal); needs {@code connect()}. */
	FAILED

}
