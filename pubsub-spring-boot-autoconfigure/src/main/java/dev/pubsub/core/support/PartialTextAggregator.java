package dev.pubsub.core.support;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Joins the parts of one WebSocket text message as they arrive, up to a limit in UTF-8 bytes, so a
 * container can read with small buffers and no buffer is ever allocated at the limit up front: the
 * held characters grow with what arrived (doubling, never beyond the limit) and are released when
 * the message is taken or refused.
 * <p>
 * Not thread-safe: one instance per session, used by the session's reader.
 */
public final class PartialTextAggregator {

	private static final int INITIAL_CAPACITY = 1024;

	/** A UTF-16 char takes at most 3 bytes in UTF-8 (a surrogate pair, two chars, takes 4). */
	private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

	private static final char[] EMPTY = new char[0];

	private final long maxBytes;

	private char[] chars = EMPTY;

	private int length;

	private long bytes;

	/**
	 * Create an aggregator.
	 * @param maxBytes the largest message accepted, in UTF-8 bytes
	 */
	public PartialTextAggregator(long maxBytes) {
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		this.maxBytes = maxBytes;
	}

	/**
	 * Accept one part of a message.
	 * @param part the part
	 * @param last whether it ends the message
	 * @return the whole message when {@code last}, else {@code null}
	 * @throws TooLargeException if the message exceeds the limit (what was held is released)
	 */
	public @Nullable String accept(String part, boolean last) throws TooLargeException {
		if (last && this.length == 0 && (long) part.length() * MAX_UTF8_BYTES_PER_CHAR <= this.maxBytes) {
			// a whole message in one part that fits whatever its characters: nothing to count or copy
			return part;
		}
		long partBytes = utf8Length(part);
		if (this.bytes + partBytes > this.maxBytes) {
			long total = this.bytes + partBytes;
			reset();
			throw new TooLargeException(total, this.maxBytes);
		}
		if (last && this.length == 0) {
			return part;
		}
		append(part);
		this.bytes += partBytes;
		if (!last) {
			return null;
		}
		String whole = new String(this.chars, 0, this.length);
		reset();
		return whole;
	}

	/**
	 * Return the UTF-8 bytes of the message held so far.
	 * @return the count
	 */
	public long heldBytes() {
		return this.bytes;
	}

	/**
	 * Return the characters currently allocated for the message (for tests and metrics).
	 * @return the capacity
	 */
	public int capacity() {
		return this.chars.length;
	}

	/**
	 * Drop what is held.
	 */
	public void reset() {
		this.chars = EMPTY;
		this.length = 0;
		this.bytes = 0;
	}

	private void append(String part) {
		int needed = this.length + part.length();
		if (needed > this.chars.length) {
			long cap = Math.min(this.maxBytes, Integer.MAX_VALUE - 8);
			long grown = Math.max(needed, Math.max(INITIAL_CAPACITY, (long) this.chars.length * 2));
			char[] larger = new char[(int) Math.min(grown, cap)];
			System.arraycopy(this.chars, 0, larger, 0, this.length);
			this.chars = larger;
		}
		part.getChars(0, part.length(), this.chars, this.length);
		this.length = needed;
	}

	/**
	 * Return the length of a text in UTF-8 bytes, without encoding it.
	 * @param text the text
	 * @return the byte count
	 */
	public static long utf8Length(CharSequence text) {
		long count = 0;
		int n = text.length();
		for (int i = 0; i < n; i++) {
			char c = text.charAt(i);
			if (c < 0x80) {
				count++;
			}
			else if (c < 0x800) {
				count += 2;
			}
			else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
				count += 4;
				i++;
			}
			else {
				count += 3;
			}
		}
		return count;
	}

	/**
	 * A message exceeded the limit.
	 */
	public static final class TooLargeException extends Exception {

		private static final long serialVersionUID = 1L;

		private final long size;

		TooLargeException(long size, long limit) {
			super("text message of at least " + size + " bytes exceeds the limit of " + limit);
			this.size = size;
		}

		/**
		 * Return the size reached when the limit was exceeded.
		 * @return bytes
		 */
		public long size() {
			return this.size;
		}

	}

}
