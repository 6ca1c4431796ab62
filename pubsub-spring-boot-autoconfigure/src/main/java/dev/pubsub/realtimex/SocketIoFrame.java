package dev.pubsub.realtimex;

import org.jspecify.annotations.Nullable;

/**
 * One decoded Engine.IO v4 text frame and, for {@code message} frames, the Socket.IO v5 packet in it.
 *
 * @param engineType the Engine.IO packet type ({@code 0} open ... {@code 6} noop)
 * @param socketType the Socket.IO packet type ({@code 0} connect ... {@code 6} binary ack), or
 * {@code -1} when the frame is not a message
 * @param namespace the Socket.IO namespace ({@code /} by default)
 * @param ackId the ack id, or {@code -1}
 * @param json the JSON text after the header, or {@code null}
 */
public record SocketIoFrame(int engineType, int socketType, String namespace, long ackId, @Nullable String json) {

	/** Engine.IO open. */
	public static final int ENGINE_OPEN = 0;

	/** Engine.IO close. */
	public static final int ENGINE_CLOSE = 1;

	/** Engine.IO ping. */
	public static final int ENGINE_PING = 2;

	/** Engine.IO pong. */
	public static final int ENGINE_PONG = 3;

	/** Engine.IO message. */
	public static final int ENGINE_MESSAGE = 4;

	/** Engine.IO noop. */
	public static final int ENGINE_NOOP = 6;

	/** Socket.IO connect. */
	public static final int CONNECT = 0;

	/** Socket.IO disconnect. */
	public static final int DISCONNECT = 1;

	/** Socket.IO event. */
	public static final int EVENT = 2;

	/** Socket.IO ack. */
	public static final int ACK = 3;

	/** Socket.IO connect error. */
	public static final int CONNECT_ERROR = 4;

	/** Socket.IO binary event. */
	public static final int BINARY_EVENT = 5;

	/** Socket.IO binary ack. */
	public static final int BINARY_ACK = 6;

	/**
	 * Whether this is a Socket.IO packet of the given type on the default namespace.
	 * @param type the Socket.IO type
	 * @return {@code true} if it is
	 */
	public boolean is(int type) {
		return this.engineType == ENGINE_MESSAGE && this.socketType == type && "/".equals(this.namespace);
	}

}
