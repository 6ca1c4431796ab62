package dev.pubsub.test.emitter;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The MQTT 3.1.1 packets an Emitter broker reads and writes.
 */
final class MqttPackets {

	static final int CONNECT = 1;

	static final int PUBLISH = 3;

	static final int PUBACK = 4;

	static final int SUBSCRIBE = 8;

	static final int UNSUBSCRIBE = 10;

	static final int PINGREQ = 12;

	static final int DISCONNECT = 14;

	private MqttPackets() {
	}

	/**
	 * Read one packet.
	 * @param in the stream
	 * @param maxLength the largest remaining length accepted
	 * @return the packet
	 * @throws IOException on a closed stream or a packet over the limit
	 */
	static Packet read(InputStream in, int maxLength) throws IOException {
		int header = in.read();
		if (header < 0) {
			throw new EOFException("connection closed");
		}
		int length = 0;
		int multiplier = 1;
		int digit;
		do {
			digit = in.read();
			if (digit < 0) {
				throw new EOFException("connection closed");
			}
			length += (digit & 0x7F) * multiplier;
			multiplier *= 128;
		}
		while ((digit & 0x80) != 0 && multiplier <= 128 * 128 * 128);
		if (length > maxLength) {
			throw new IOException("packet of " + length + " bytes exceeds " + maxLength);
		}
		byte[] body = new byte[length];
		new DataInputStream(in).readFully(body);
		return new Packet(header >> 4, header & 0x0F, body);
	}

	static byte[] connack() {
		return new byte[] { 0x20, 0x02, 0x00, 0x00 };
	}

	static byte[] ack(int type, int packetId) {
		return new byte[] { (byte) (type << 4), 0x02, (byte) (packetId >> 8), (byte) packetId };
	}

	static byte[] pingresp() {
		return new byte[] { (byte) 0xD0, 0x00 };
	}

	static byte[] suback(int packetId, byte[] codes) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(packetId >> 8);
		body.write(packetId);
		body.writeBytes(codes);
		return frame(0x90, body.toByteArray());
	}

	static byte[] publish(String topic, byte[] payload) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		writeString(body, topic);
		body.writeBytes(payload);
		return frame(0x30, body.toByteArray());
	}

	private static byte[] frame(int header, byte[] body) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 5);
		out.write(header);
		int length = body.length;
		do {
			int digit = length % 128;
			length /= 128;
			out.write((length > 0) ? (digit | 0x80) : digit);
		}
		while (length > 0);
		out.writeBytes(body);
		return out.toByteArray();
	}

	private static void writeString(ByteArrayOutputStream out, String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.write(bytes.length >> 8);
		out.write(bytes.length);
		out.writeBytes(bytes);
	}

	/**
	 * One packet: its type, header flags and body.
	 *
	 * @param type the packet type
	 * @param flags the header flags
	 * @param body the variable header and payload
	 */
	record Packet(int type, int flags, byte[] body) {

		Reader reader() {
			return new Reader(this.body);
		}

	}

	/**
	 * Reads fields of a packet body.
	 */
	static final class Reader {

		private final byte[] body;

		private int position;

		Reader(byte[] body) {
			this.body = body;
		}

		int u8() {
			return this.body[this.position++] & 0xFF;
		}

		int u16() {
			return (u8() << 8) | u8();
		}

		String string() {
			int length = u16();
			String value = new String(this.body, this.position, length, StandardCharsets.UTF_8);
			this.position += length;
			return value;
		}

		boolean hasMore() {
			return this.position < this.body.length;
		}

		byte[] rest() {
			byte[] rest = new byte[this.body.length - this.position];
			System.arraycopy(this.body, this.position, rest, 0, rest.length);
			this.position = this.body.length;
			return rest;
		}

	}

}
