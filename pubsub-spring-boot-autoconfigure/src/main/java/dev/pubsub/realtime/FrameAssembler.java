package dev.pubsub.realtime;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Joins the parts of a fragmented WebSocket message and enforces the inbound size limit: a message
 * over the limit is discarded part by part (never buffered whole) and reported once, at its end.
 * Not thread-safe; one per connection, used from its read thread.
 */
final class FrameAssembler {

	private final long limit;

	private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

	private long size;

	private boolean oversized;

	private long lastOversized = -1;

	FrameAssembler(long limit) {
		this.limit = limit;
	}

	/**
	 * Add a text part.
	 * @param text the part
	 * @param last whether it ends the message
	 * @return the complete message, or {@code null} if incomplete or oversized
	 */
	@Nullable byte[] text(String text, boolean last) {
		return append(text.getBytes(StandardCharsets.UTF_8), last);
	}

	/**
	 * Add a binary part.
	 * @param bytes the part
	 * @param last whether it ends the message
	 * @return the complete message, or {@code null} if incomplete or oversized
	 */
	@Nullable byte[] binary(ByteBuffer bytes, boolean last) {
		byte[] copy = new byte[bytes.remaining()];
		bytes.get(copy);
		return append(copy, last);
	}

	private @Nullable byte[] append(byte[] part, boolean last) {
		this.size += part.length;
		if (!this.oversized && this.size > this.limit) {
			this.oversized = true;
			this.buffer.reset();
		}
		if (!this.oversized) {
			if (last && this.buffer.size() == 0) {
				reset();
				return part;
			}
			this.buffer.writeBytes(part);
		}
		if (!last) {
			return null;
		}
		byte[] complete = this.oversized ? null : this.buffer.toByteArray();
		reset();
		return complete;
	}

	/**
	 * Return the size of the message just completed if it was discarded for its size.
	 * @return the size of the discarded message, or -1
	 */
	long lastOversizedSize() {
		return this.lastOversized;
	}

	private void reset() {
		this.lastOversized = this.oversized ? this.size : -1;
		this.buffer.reset();
		this.size = 0;
		this.oversized = false;
	}

}
