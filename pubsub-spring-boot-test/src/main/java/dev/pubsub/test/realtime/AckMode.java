package dev.pubsub.test.realtime;

/**
 * When the gateway acknowledges a {@code publish} or {@code message} frame that carries an {@code id}
 * (the app setting "WebSocket Inbound ACK" of the real gateway).
 */
public enum AckMode {

	/**
	 * Ack after the message was handed to every recipient (the sender, if subscribed, sees its delivery first).
	 */
	AFTER_DELIVERY,

	/**
	 * Ack before the message is processed: the ack may reach the sender before its own send call returns and
	 * before any delivery. Exercises clients that register their ack waiter too late.
	 */
	BEFORE_DELIVERY,

	/**
	 * Never ack (the app setting switched off); clients waiting for acks time out.
	 */
	NONE

}
