package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.pubsub.core.PubSubProtocolException;

/**
 * Reads the protocol's big-endian integers and length-prefixed byte strings from a buffer,
 * failing with {@link PubSubProtocolException} when the input is truncated.
 */
public final class WireReader {

	private final byte[] data;

	private final int limit;

	private int position;

	/**
	 * Read a whole buffer.
	 * @param data the buffer
	 */
	public WireReader(byte[] data) {
		this(data, 0, data.length);
	}

	/**
	 * Read part of a buffer.
	 * @param data the buffer
	 * @param offset the first byte
	 * @param length the number of readable bytes
	 */
	public WireReader(byte[] data, int offset, int length) {
		this.data = data;
		this.position = offset;
		this.limit = offset + length;
	}

	private void require(int count, String what) {
		if (count < 0 || this.limit - this.position < count) {
			throw new PubSubProtocolException("Truncated body: expected " + count + " byte(s) of " + what + " at offset "
					+ this.position + ", " + (this.limit - this.position) + " left");
		}
	}

	public int u8(String what) {
		require(1, what);
		return this.data[this.position++] & 0xFF;
	}

	public int u16(String what) {
		require(2, what);
		return ((this.data[this.position++] & 0xFF) << 8) | (this.data[this.position++] & 0xFF);
	}

	public long u32(String what) {
		require(4, what);
		long value = 0;
		for (int i = 0; i < 4; i++) {
			value = (value << 8) | (this.data[this.position++] & 0xFF);
		}
		return value;
	}

	public long u64(String what) {
		require(8, what);
		long value = 0;
		for (int i = 0; i < 8; i++) {
			value = (value << 8) | (this.data[this.position++] & 0xFF);
		}
		if (value < 0) {
			throw new PubSubProtocolException("Length of " + what + " exceeds 2^63-1");
		}
		return value;
	}

	public byte[] bytes(int count, String what) {
		require(count, what);
		byte[] value = Arrays.copyOfRange(this.data, this.position, this.position + count);
		this.position += count;
		return value;
	}

	public byte[] str16(String what) {
		return bytes(u16(what + " length"), what);
	}

	public String str16Utf8(String what) {
		return new String(str16(what), StandardCharsets.UTF_8);
	}

	public byte[] str8(String what) {
		return bytes(u8(what + " length"), what);
	}

	/**
	 * Return the position of the next byte to read.
	 * @return the position
	 */
	public int position() {
		return this.position;
	}

	/**
	 * Return how many bytes are left.
	 * @return the remaining count
	 */
	public int remaining() {
		return this.limit - this.position;
	}

}
