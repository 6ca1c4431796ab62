package dev.pubsub.httppubsub;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;

import dev.pubsub.core.PubSubProtocolException;

/**
 * Joins the partial websocket messages of one connection into whole protocol frames, up to a
 * limit: the buffer grows with what arrived, and a message over the limit is skipped to its end
 * (nothing more is buffered) and then refused. Used on the connection's I/O thread only.
 */
final class WebsocketFrameAssembler {

	private final long limit;

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	private boolean oversized;

	/**
	 * Create an assembler.
	 * @param limit the largest whole message, in bytes
	 */
	WebsocketFrameAssembler(long limit) {
		this.limit = limit;
	}

	/**
	 * Add one partial message.
	 * @param message the part
	 * @return the whole frame once its last part arrived, otherwise {@code null}
	 * @throws PubSubProtocolException when the whole message exceeds the limit (after its last part)
	 */
	byte @Nullable [] add(BinaryMessage message) {
		ByteBuffer payload = message.getPayload();
		if (!this.oversized && this.buffer.size() + payload.remaining() > this.limit) {
			this.oversized = true;
		}
		if (!this.oversized) {
			byte[] bytes = new byte[payload.remaining()];
			payload.get(bytes);
			this.buffer.writeBytes(bytes);
		}
		if (!message.isLast()) {
			return null;
		}
		if (this.oversized) {
			this.oversized = false;
			this.buffer.reset();
			throw new PubSubProtocolException("Broadcaster sent a websocket message larger than " + this.limit
					+ " bytes");
		}
		byte[] frame = this.buffer.toByteArray();
		this.buffer.reset();
		return frame;
	}

}
