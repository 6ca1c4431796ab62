package dev.pubsub.core;

/**
 * Kinds of connection events a client emits.
 */
public enum ConnectionEventType {

	/** A connection attempt starts. */
	CONNECTING,

	/** The session is established and subscriptions are in place. */
	CONNECTED,

	/** The connection closed, by the user, the server or the network. */
	DISCONNECTED,

	/** A reconnect attempt is scheduled. */
	RECONNECTING,

	/** Something went wrong: a failed attempt, a malformed frame, a refused request. */
	ERROR

}
