package dev.pubsub.test.realtime;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;

import dev.pubsub.core.support.PartialTextAggregator;

/**
 * Joins the parts of one gateway connection's inbound messages, read by the container with small
 * buffers, up to the gateway's frame limit: what is held grows with what arrived and is never allocated
 * at the limit up front. Not thread-safe: one per connection, used by its reader.
 */
final class GatewayFrameAssembler {

	private static final byte[] EMPTY = new byte[0];

	private final int maxFrameSize;

	private final PartialTextAggregator text;

	private byte[] binary = EMPTY;

	private int binaryLength;

	GatewayFrameAssembler(int maxFrameSize) {
		this.maxFrameSize = maxFrameSize;
		this.text = new PartialTextAggregator(maxFrameSize);
	}

	/**
	 * Accept one part.
	 * @param part the part
	 * @return the whole message when the part ends it, else {@code null}
	 * @throws TooLargeException when the message exceeds the frame limit (what was held is released)
	 */
	@Nullable WebSocketMessage<?> accept(WebSocketMessage<?> part) throws TooLargeException {
		if (part instanceof TextMessage textPart) {
			try {
				String whole = this.text.accept(textPart.getPayload(), textPart.isLast());
				return (whole != null) ? new TextMessage(whole) : null;
			}
			catch (PartialTextAggregator.TooLargeException ex) {
				throw new TooLargeException();
			}
		}
		if (part instanceof BinaryMessage binaryPart) {
			return binary(binaryPart.getPayload(), binaryPart.isLast());
		}
		return part;
	}

	private @Nullable BinaryMessage binary(ByteBuffer payload, boolean last) throws TooLargeException {
		int remaining = payload.remaining();
		if ((long) this.binaryLength + remaining > this.maxFrameSize) {
			reset();
			throw new TooLargeException();
		}
		if (last && this.binaryLength == 0) {
			return new BinaryMessage(payload);
		}
		int needed = this.binaryLength + remaining;
		if (needed > this.binary.length) {
			int grown = (int) Math.min(this.maxFrameSize, Math.max(needed, Math.max(1024L, this.binary.length * 2L)));
			this.binary = Arrays.copyOf(this.binary, grown);
		}
		payload.get(this.binary, this.binaryLength, remaining);
		this.binaryLength = needed;
		if (!last) {
			return null;
		}
		BinaryMessage whole = new BinaryMessage(Arrays.copyOf(this.binary, this.binaryLength));
		reset();
		return whole;
	}

	private void reset() {
		this.binary = EMPTY;
		this.binaryLength = 0;
	}

	/**
	 * A message exceeded the frame limit.
	 */
	static final class TooLargeException extends Exception {

		private static final long serialVersionUID = 1L;

		TooLargeException() {
			super(null, null, false, false);
		}

	}

}
