package dev.pubsub.emitter;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.LongConsumer;

import org.jspecify.annotations.Nullable;

/**
 * The input stream of an MQTT connection, followed packet by packet (MQTT 3.1.1 section 2.2: one
 * fixed header byte, a remaining length of one to four bytes, seven bits each, least significant
 * first, then that many bytes) so that no packet longer than a limit reaches the reader.
 * <p>
 * Paho 1.2.5 allocates a packet's whole remaining length as soon as it has read it. This stream
 * fails the read that would hand over the remaining-length byte that takes the declared length over
 * the limit (or a fifth length byte): the reader never sees that length, and no byte of the body is
 * requested from the socket by this stream's caller. Every read after that fails the same way.
 * <p>
 * Paho reads a fixed header in one go and loses the packet boundary if its socket's read timeout
 * fires between the first byte and the last length byte; this stream waits out such timeouts until
 * the header is complete (a broker that stalls mid-header is then caught by the keep-alive, which
 * closes the socket). Timeouts before a header's first byte and within a body reach the reader as
 * before.
 */
final class MqttPacketLimitInputStream extends FilterInputStream {

	/** The largest remaining length MQTT can encode (four length bytes). */
	static final int PROTOCOL_MAX_REMAINING_LENGTH = 268_435_455;

	private final int maxRemainingLength;

	private final LongConsumer rejected;

	private final String limitName;

	/** Length bytes read of the current header; -1 before its first byte, 0 after it. */
	private int lengthBytes = -1;

	/** The remaining length decoded so far. */
	private long declared;

	/** Body bytes of the current packet still to come. */
	private long bodyLeft;

	private @Nullable IOException failure;

	/**
	 * Guard a stream.
	 * @param in the socket's stream
	 * @param maxRemainingLength the largest remaining length let through
	 * @param limitName the property that sets the limit, for the message
	 * @param rejected told the declared length (or -1 for a malformed length) once, when a packet is
	 * refused
	 */
	MqttPacketLimitInputStream(InputStream in, int maxRemainingLength, String limitName, LongConsumer rejected) {
		super(in);
		this.maxRemainingLength = maxRemainingLength;
		this.limitName = limitName;
		this.rejected = rejected;
	}

	@Override
	public int read() throws IOException {
		checkNotFailed();
		while (true) {
			int value;
			try {
				value = this.in.read();
			}
			catch (SocketTimeoutException ex) {
				if (inHeader()) {
					continue;
				}
				throw ex;
			}
			if (value >= 0) {
				accept((byte) value);
			}
			return value;
		}
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		checkNotFailed();
		while (true) {
			int count;
			try {
				count = this.in.read(buffer, offset, length);
			}
			catch (SocketTimeoutException ex) {
				if (inHeader()) {
					continue;
				}
				throw ex;
			}
			int i = offset;
			int end = offset + Math.max(count, 0);
			while (i < end) {
				if (this.bodyLeft > 0) {
					int skipped = (int) Math.min(this.bodyLeft, end - i);
					this.bodyLeft -= skipped;
					i += skipped;
				}
				else {
					accept(buffer[i++]);
				}
			}
			return count;
		}
	}

	@Override
	public long skip(long n) throws IOException {
		byte[] discard = new byte[(int) Math.min(Math.max(n, 0), 512)];
		long skipped = 0;
		while (skipped < n) {
			int count = read(discard, 0, (int) Math.min(discard.length, n - skipped));
			if (count < 0) {
				break;
			}
			skipped += count;
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	@Override
	public synchronized void mark(int readlimit) {
	}

	@Override
	public synchronized void reset() throws IOException {
		throw new IOException("mark/reset not supported");
	}

	private boolean inHeader() {
		return this.lengthBytes >= 0;
	}

	private void checkNotFailed() throws IOException {
		IOException failed = this.failure;
		if (failed != null) {
			throw new MqttPacketTooLargeException(failed.getMessage());
		}
	}

	/** Follow one byte that is not part of a body. */
	private void accept(byte value) throws IOException {
		if (this.lengthBytes < 0) {
			// the fixed header's first byte (type and flags)
			this.lengthBytes = 0;
			this.declared = 0;
			return;
		}
		if (this.lengthBytes == 4) {
			fail(-1, "MQTT packet with a malformed remaining length (more than four length bytes)");
		}
		this.declared += (long) (value & 0x7F) << (7 * this.lengthBytes);
		this.lengthBytes++;
		if (this.declared > this.maxRemainingLength) {
			long least = this.declared;
			fail(least, "MQTT packet declaring " + ((value & 0x80) != 0 ? "at least " : "") + least
					+ " bytes (remaining length) is larger than " + this.limitName + " (" + this.maxRemainingLength
					+ "); refused before reading it");
		}
		if ((value & 0x80) == 0) {
			this.bodyLeft = this.declared;
			this.lengthBytes = -1;
		}
	}

	private void fail(long declaredLength, String message) throws IOException {
		MqttPacketTooLargeException failed = new MqttPacketTooLargeException(message);
		this.failure = failed;
		this.rejected.accept(declaredLength);
		throw failed;
	}

	/**
	 * An inbound MQTT packet was refused by its declared length (or a malformed one).
	 */
	static final class MqttPacketTooLargeException extends IOException {

		private static final long serialVersionUID = 1L;

		MqttPacketTooLargeException(String message) {
			super(message);
		}

	}

}
