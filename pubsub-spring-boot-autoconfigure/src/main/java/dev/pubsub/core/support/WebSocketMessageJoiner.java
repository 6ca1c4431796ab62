package dev.pubsub.core.support;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Joins the partial text and binary messages of one WebSocket session up to a limit, for
 * {@link WebSocketSessionHolder}: what is held grows with what arrived (doubling, never beyond the
 * limit) and is released when the message is taken; a message over the limit is skipped part by part
 * (nothing more of it is held) and reported once, at its last part, with its whole size. Not
 * thread-safe: used by the session's reader only.
 */
final class WebSocketMessageJoiner {

	private static final int INITIAL_CAPACITY = 1024;

	private static final byte[] EMPTY = new byte[0];

	private final long limit;

	private final PartialTextAggregator text;

	private byte[] bytes = EMPTY;

	private int length;

	private boolean skipping;

	private long skippedSize;

	private boolean joining;

	private volatile long joinedFromParts;

	WebSocketMessageJoiner(long limit) {
		this.limit = limit;
		this.text = new PartialTextAggregator(limit);
	}

	/**
	 * Take a text part.
	 * @param part the part
	 * @param last whether it ends the message
	 * @param oversized told the size of a skipped message at its last part
	 * @return the whole message, or {@code null} while incomplete or skipped
	 */
	@Nullable String text(String part, boolean last, Oversized oversized) {
		if (this.skipping) {
			return skip(PartialTextAggregator.utf8Length(part), last, oversized);
		}
		String whole;
		try {
			whole = this.text.accept(part, last);
		}
		catch (PartialTextAggregator.TooLargeException ex) {
			this.skipping = true;
			this.skippedSize = ex.size();
			return skip(0, last, oversized);
		}
		return joined(whole, last);
	}

	/**
	 * Take a binary part.
	 * @param part the part
	 * @param last whether it ends the message
	 * @param oversized told the size of a skipped message at its last part
	 * @return the whole message, or {@code null} while incomplete or skipped
	 */
	byte @Nullable [] binary(ByteBuffer part, boolean last, Oversized oversized) {
		int size = part.remaining();
		if (this.skipping) {
			return skip(size, last, oversized);
		}
		if (this.length + (long) size > this.limit) {
			this.skipping = true;
			this.skippedSize = this.length;
			releaseBytes();
			return skip(size, last, oversized);
		}
		if (last && this.length == 0) {
			byte[] whole = new byte[size];
			part.get(whole);
			return joined(whole, true);
		}
		int needed = this.length + size;
		if (needed > this.bytes.length) {
			long grown = Math.max(needed, Math.max(INITIAL_CAPACITY, (long) this.bytes.length * 2));
			this.bytes = Arrays.copyOf(this.bytes, (int) Math.min(grown, Math.min(this.limit, Integer.MAX_VALUE - 8)));
		}
		part.get(this.bytes, this.length, size);
		this.length = needed;
		if (!last) {
			this.joining = true;
			return null;
		}
		byte[] whole = Arrays.copyOf(this.bytes, this.length);
		releaseBytes();
		return joined(whole, true);
	}

	private <T> @Nullable T joined(@Nullable T whole, boolean last) {
		if (!last) {
			this.joining = true;
			return null;
		}
		if (this.joining) {
			this.joinedFromParts++;
		}
		this.joining = false;
		return whole;
	}

	private <T> @Nullable T skip(long partSize, boolean last, Oversized oversized) {
		this.skippedSize += partSize;
		if (last) {
			long size = this.skippedSize;
			this.skipping = false;
			this.joining = false;
			this.skippedSize = 0;
			oversized.skipped(size, this.limit);
		}
		return null;
	}

	/**
	 * Return how many messages were joined from more than one part.
	 * @return the count
	 */
	long joinedFromParts() {
		return this.joinedFromParts;
	}

	/**
	 * Drop whatever is held (the session closed).
	 */
	void reset() {
		this.text.reset();
		releaseBytes();
		this.skipping = false;
		this.joining = false;
		this.skippedSize = 0;
	}

	private void releaseBytes() {
		this.bytes = EMPTY;
		this.length = 0;
	}

	/**
	 * Told about a message that was skipped for its size.
	 */
	@FunctionalInterface
	interface Oversized {

		/**
		 * A message over the limit was skipped.
		 * @param size its whole size in bytes (UTF-8 for text)
		 * @param limit the limit
		 */
		void skipped(long size, long limit);

	}

}
