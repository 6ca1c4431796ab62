package dev.pubsub.httppubsub;

/**
 * The type byte that prefixes every HMAC-signed payload, so that a signature made for one kind of
 * message can never pass for another (lonelypsp's {@code AuthMessageType}).
 */
public final class AuthMessageType {

	/** Subscribe (and unsubscribe) to an exact topic. */
	public static final int SUBSCRIBE_EXACT = 1;

	/** Subscribe (and unsubscribe) to a glob. */
	public static final int SUBSCRIBE_GLOB = 2;

	/** Notify. */
	public static final int NOTIFY = 3;

	/** Websocket: the subscriber's CONFIGURE. */
	public static final int STATEFUL_CONFIGURE = 4;

	/** Check subscriptions. */
	public static final int CHECK_SUBSCRIPTIONS = 5;

	/** Set subscriptions. */
	public static final int SET_SUBSCRIPTIONS = 6;

	/** Websocket: the subscriber asks for the next part of a received message. */
	public static final int STATEFUL_CONTINUE_RECEIVE = 7;

	/** Subscriber's confirmation of a receive. */
	public static final int CONFIRM_RECEIVE = 8;

	/** Subscriber's confirmation of a missed notice. */
	public static final int CONFIRM_MISSED = 9;

	/** Broadcaster's receive request. */
	public static final int RECEIVE = 10;

	/** Broadcaster's missed notice. */
	public static final int MISSED = 11;

	/** Broadcaster's confirmation of an exact (un)subscribe. */
	public static final int CONFIRM_SUBSCRIBE_EXACT = 12;

	/** Broadcaster's confirmation of a glob (un)subscribe. */
	public static final int CONFIRM_SUBSCRIBE_GLOB = 13;

	/** Broadcaster's confirmation of a notify. */
	public static final int CONFIRM_NOTIFY = 14;

	/** Broadcaster's answer to check subscriptions. */
	public static final int CHECK_SUBSCRIPTIONS_RESPONSE = 15;

	/** Broadcaster's answer to set subscriptions. */
	public static final int SET_SUBSCRIPTIONS_RESPONSE = 16;

	/** Websocket: the broadcaster's CONFIRM_CONFIGURE. */
	public static final int STATEFUL_CONFIRM_CONFIGURE = 17;

	/** Websocket: the broadcaster asks for the next part of a notification. */
	public static final int STATEFUL_CONTINUE_NOTIFY = 21;

	private AuthMessageType() {
	}

}
