package dev.pubsub.emitter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.pubsub.emitter.MqttPacketLimitInputStream.MqttPacketTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link MqttPacketLimitInputStream} follows MQTT packet boundaries and refuses a packet by its
 * declared length, read the way Paho 1.2.5's {@code MqttInputStream} reads a header (byte by byte
 * through a {@link DataInputStream}).
 */
class MqttPacketLimitInputStreamTests {

	private final List<Long> rejected = new ArrayList<>();

	@Test
	void aHeaderDeclaringMoreThanTheLimitFailsBeforeAnyByteOfTheBodyIsRequested() {
		// PUBLISH declaring 200 MB; the source fails the test if the body is ever asked for
		byte[] header = header(0x30, 200 * 1024 * 1024);
		InputStream source = new SequenceInputStream(new ByteArrayInputStream(header), new InputStream() {
			@Override
			public int read() {
				throw new AssertionError("the body was requested");
			}
		});
		DataInputStream paho = new DataInputStream(guard(source, 1024));
		assertThatExceptionOfType(MqttPacketTooLargeException.class).isThrownBy(() -> readHeader(paho))
			.withMessageContaining("max-inbound-packet-size (1024)");
		assertThat(this.rejected).hasSize(1);
		assertThat(this.rejected.get(0)).isGreaterThan(1024);
		// every later read fails too, and is not counted again
		assertThatExceptionOfType(MqttPacketTooLargeException.class).isThrownBy(paho::readByte);
		assertThat(this.rejected).hasSize(1);
	}

	@Test
	void aPacketExactlyAtTheLimitPassesAndTheNextOneOverItFails() throws IOException {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		stream.writeBytes(header(0x30, 1000));
		stream.writeBytes(new byte[1000]);
		stream.writeBytes(new byte[] { (byte) 0xD0, 0 }); // PINGRESP
		stream.writeBytes(header(0x30, 1001));
		DataInputStream paho = new DataInputStream(guard(new ByteArrayInputStream(stream.toByteArray()), 1000));
		assertThat(readHeader(paho)).isEqualTo(1000);
		paho.readFully(new byte[1000]);
		assertThat(readHeader(paho)).isZero();
		assertThatExceptionOfType(MqttPacketTooLargeException.class).isThrownBy(() -> readHeader(paho));
		assertThat(this.rejected).containsExactly(1001L);
	}

	@Test
	void bulkReadsFollowThePacketBoundariesToo() throws IOException {
		ByteArrayOutputStream stream = new ByteArrayOutputStream();
		for (int i = 0; i < 3; i++) {
			stream.writeBytes(header(0x30, 300));
			stream.writeBytes(new byte[300]);
		}
		stream.writeBytes(header(0x30, 5000));
		InputStream guarded = guard(new ByteArrayInputStream(stream.toByteArray()), 4096);
		byte[] buffer = new byte[3 * 303];
		assertThat(guarded.readNBytes(buffer, 0, buffer.length)).isEqualTo(buffer.length);
		assertThat(this.rejected).isEmpty();
		assertThatExceptionOfType(MqttPacketTooLargeException.class).isThrownBy(() -> guarded.read(new byte[64]));
		assertThat(this.rejected).containsExactly(5000L);
	}

	@Test
	void aFifthLengthByteIsMalformed() {
		byte[] bytes = { 0x30, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01 };
		DataInputStream paho = new DataInputStream(
				guard(new ByteArrayInputStream(bytes), MqttPacketLimitInputStream.PROTOCOL_MAX_REMAINING_LENGTH));
		assertThatExceptionOfType(MqttPacketTooLargeException.class).isThrownBy(() -> readHeader(paho))
			.withMessageContaining("malformed remaining length");
		assertThat(this.rejected).containsExactly(-1L);
	}

	@Test
	void readTimeoutsWithinAHeaderAreWaitedOutSoTheReaderKeepsThePacketBoundary() throws IOException {
		// a broker that trickles the header: the socket times out after each byte
		byte[] header = header(0x30, 300);
		TimingOutStream source = new TimingOutStream(header);
		DataInputStream paho = new DataInputStream(guard(source, 1024));
		assertThat(readHeader(paho)).isEqualTo(300);
		assertThat(source.timeouts).isEqualTo(header.length - 1);
	}

	@Test
	void readTimeoutsBeforeAHeaderReachTheReader() {
		TimingOutStream source = new TimingOutStream(new byte[0]);
		InputStream guarded = guard(source, 1024);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(guarded::read);
	}

	private InputStream guard(InputStream source, int limit) {
		return new MqttPacketLimitInputStream(source, limit, "max-inbound-packet-size", this.rejected::add);
	}

	/** Read a fixed header as Paho does and return the remaining length. */
	private static int readHeader(DataInputStream in) throws IOException {
		in.readByte();
		int value = 0;
		int multiplier = 1;
		byte digit;
		do {
			digit = in.readByte();
			value += (digit & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0);
		return value;
	}

	static byte[] header(int type, int remainingLength) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(type);
		int value = remainingLength;
		do {
			int digit = value % 128;
			value /= 128;
			out.write((value > 0) ? digit | 0x80 : digit);
		}
		while (value > 0);
		return out.toByteArray();
	}

	/** Times out before every byte after the first, as a socket does while a broker trickles. */
	private static final class TimingOutStream extends InputStream {

		private final byte[] bytes;

		private int position;

		private boolean timedOut;

		private int timeouts;

		TimingOutStream(byte[] bytes) {
			this.bytes = bytes;
		}

		@Override
		public int read() throws IOException {
			if ((this.position > 0 || this.bytes.length == 0) && !this.timedOut) {
				this.timedOut = true;
				this.timeouts++;
				throw new SocketTimeoutException("Read timed out");
			}
			this.timedOut = false;
			return (this.position < this.bytes.length) ? this.bytes[this.position++] & 0xFF : -1;
		}

	}

}
