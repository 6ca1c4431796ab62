package dev.pubsub.httppubsub;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the protocol's big-endian integers and length-prefixed byte strings.
 */
public final class WireWriter {

	private final ByteArrayOutputStream out;

	/**
	 * Create a writer.
	 * @param initialCapacity the initial buffer size
	 */
	public WireWriter(int initialCapacity) {
		this.out = new ByteArrayOutputStream(initialCapacity);
	}

	/**
	 * Create a writer with a small initial buffer.
	 */
	public WireWriter() {
		this(128);
	}

	public WireWriter u8(int value) {
		if (value < 0 || value > 0xFF) {
			throw new IllegalArgumentException("value " + value + " does not fit in one byte");
		}
		this.out.write(value);
		return this;
	}

	public WireWriter u16(int value) {
		if (value < 0 || value > 0xFFFF) {
			throw new IllegalArgumentException("value " + value + " does not fit in two bytes");
		}
		this.out.write(value >>> 8);
		this.out.write(value);
		return this;
	}

	public WireWriter u32(long value) {
		if (value < 0 || value > 0xFFFFFFFFL) {
			throw new IllegalArgumentException("value " + value + " does not fit in four bytes");
		}
		for (int shift = 24; shift >= 0; shift -= 8) {
			this.out.write((int) (value >>> shift));
		}
		return this;
	}

	public WireWriter u64(long value) {
		if (value < 0) {
			throw new IllegalArgumentException("value " + value + " is negative");
		}
		for (int shift = 56; shift >= 0; shift -= 8) {
			this.out.write((int) (value >>> shift));
		}
		return this;
	}

	public WireWriter bytes(byte[] value) {
		this.out.writeBytes(value);
		return this;
	}

	/**
	 * Write a {@code u16} length and the bytes.
	 * @param value the bytes, at most 65535
	 * @return this writer
	 */
	public WireWriter str16(byte[] value) {
		if (value.length > 0xFFFF) {
			throw new IllegalArgumentException("value of " + value.length + " bytes is longer than 65535 bytes");
		}
		u16(value.length);
		return bytes(value);
	}

	/**
	 * Write a {@code u16} length and the UTF-8 bytes of a string.
	 * @param value the string
	 * @return this writer
	 */
	public WireWriter str16(String value) {
		return str16(value.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Write a {@code u8} length and the bytes.
	 * @param value the bytes, at most 255
	 * @return this writer
	 */
	public WireWriter str8(byte[] value) {
		if (value.length > 0xFF) {
			throw new IllegalArgumentException("value of " + value.length + " bytes is longer than 255 bytes");
		}
		u8(value.length);
		return bytes(value);
	}

	public byte[] toByteArray() {
		return this.out.toByteArray();
	}

}
