package dev.pubsub.benchmarks.replay;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * Emitter over MQTT 3.1.1, a minimal broker loop: CONNACK to CONNECT, SUBACK to SUBSCRIBE, then
 * pre-encoded QoS 0 PUBLISH packets on the bare channel {@code bench/} (as Emitter routes them).
 * Afterwards PINGREQ gets PINGRESP, UNSUBSCRIBE gets UNSUBACK, QoS 1 PUBLISH gets PUBACK.
 */
final class EmitterReplay implements ReplayProtocol {

	private static final int MAX_PACKET_BYTES = 1024 * 1024;

	private static final int CONNECT = 1;

	private static final int PUBLISH = 3;

	private static final int SUBSCRIBE = 8;

	private static final int UNSUBSCRIBE = 10;

	private static final int PINGREQ = 12;

	private static final int DISCONNECT = 14;

	private final FrameBlock frames = new FrameBlock((seq) -> publish(ReplayTopics.EMITTER_CHANNEL,
			ReplayTopics.payload(seq).getBytes(StandardCharsets.UTF_8)));

	private record Packet(int type, int flags, byte[] body) {
	}

	@Override
	public void handshake(InputStream in, OutputStream out) throws IOException {
		Object lock = new Object();
		while (true) {
			Packet packet = read(in);
			if (packet.type() == CONNECT) {
				out.write(new byte[] { 0x20, 0x02, 0x00, 0x00 });
				out.flush();
			}
			else if (!answer(packet, out, lock)) {
				throw new IOException("subscriber disconnected before subscribing");
			}
			if (packet.type() == SUBSCRIBE) {
				return;
			}
		}
	}

	@Override
	public FrameBlock frames() {
		return this.frames;
	}

	@Override
	public void drain(InputStream in, OutputStream out, Object lock) throws IOException {
		while (answer(read(in), out, lock)) {
			// discard
		}
	}

	/** Answer a packet after CONNECT; return {@code false} on DISCONNECT. */
	private static boolean answer(Packet packet, OutputStream out, Object lock) throws IOException {
		byte[] body = packet.body();
		byte @Nullable [] reply = switch (packet.type()) {
			case SUBSCRIBE -> suback(body);
			case UNSUBSCRIBE -> new byte[] { (byte) 0xB0, 0x02, body[0], body[1] };
			case PINGREQ -> new byte[] { (byte) 0xD0, 0x00 };
			case PUBLISH -> puback(packet);
			default -> null;
		};
		if (reply != null) {
			synchronized (lock) {
				out.write(reply);
				out.flush();
			}
		}
		return packet.type() != DISCONNECT;
	}

	private static byte[] suback(byte[] body) {
		int filters = 0;
		int position = 2;
		while (position + 2 <= body.length) {
			int length = ((body[position] & 0xFF) << 8) | (body[position + 1] & 0xFF);
			position += 2 + length + 1;
			filters++;
		}
		byte[] reply = new byte[4 + filters];
		reply[0] = (byte) 0x90;
		reply[1] = (byte) (2 + filters);
		reply[2] = body[0];
		reply[3] = body[1];
		return reply;
	}

	private static byte @Nullable [] puback(Packet packet) {
		if (((packet.flags() >> 1) & 3) == 0) {
			return null;
		}
		byte[] body = packet.body();
		int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
		return new byte[] { 0x40, 0x02, body[2 + topicLength], body[3 + topicLength] };
	}

	private static Packet read(InputStream in) throws IOException {
		int header = in.read();
		if (header < 0) {
			throw new EOFException("connection closed");
		}
		int length = 0;
		int shift = 0;
		int b;
		do {
			b = in.read();
			if (b < 0 || shift > 21) {
				throw new IOException("bad remaining length");
			}
			length |= (b & 0x7F) << shift;
			shift += 7;
		}
		while ((b & 0x80) != 0);
		if (length > MAX_PACKET_BYTES) {
			throw new IOException("packet of " + length + " bytes, over " + MAX_PACKET_BYTES);
		}
		byte[] body = in.readNBytes(length);
		if (body.length != length) {
			throw new EOFException("connection closed inside a packet");
		}
		return new Packet(header >>> 4, header & 0x0F, body);
	}

	static byte[] publish(String topic, byte[] payload) {
		byte[] name = topic.getBytes(StandardCharsets.UTF_8);
		int remaining = 2 + name.length + payload.length;
		ByteArrayOutputStream out = new ByteArrayOutputStream(remaining + 5);
		out.write(0x30);
		int value = remaining;
		do {
			int digit = value & 0x7F;
			value >>>= 7;
			out.write((value > 0) ? (digit | 0x80) : digit);
		}
		while (value > 0);
		out.write(name.length >>> 8);
		out.write(name.length & 0xFF);
		out.writeBytes(name);
		out.writeBytes(payload);
		return out.toByteArray();
	}

}
