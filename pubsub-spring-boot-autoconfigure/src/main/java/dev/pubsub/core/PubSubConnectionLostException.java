package dev.pubsub.core;

/**
 * Fails every waiter (ack, reply, RPC call) that was pending when the connection dropped. The
 * operation may or may not have reached the server; the client never replays it.
 */
public class PubSubConnectionLostException extends PubSubException {

	public PubSubConnectionLostException(String message) {
		super(message);
	}

	public PubSubConnectionLostException(String message, Throwable cause) {
		super(message, cause);
	}

}
