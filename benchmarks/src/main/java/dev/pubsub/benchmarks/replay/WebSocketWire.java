package dev.pubsub.benchmarks.replay;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;

/**
 * The server end of RFC 6455 as far as a replay server needs it: the upgrade, unmasked outbound
 * frames, and reading the subscriber's (masked, unfragmented) frames. Frames and requests are capped
 * in size; anything else is a protocol error that ends the connection.
 */
final class WebSocketWire {

	static final int TEXT = 0x1;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	private static final int MAX_REQUEST_BYTES = 16 * 1024;

	private static final int MAX_FRAME_BYTES = 1024 * 1024;

	private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

	private WebSocketWire() {
	}

	/**
	 * A frame read from the subscriber.
	 * @param opcode the opcode
	 * @param payload the unmasked payload
	 */
	record Frame(int opcode, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

	/**
	 * Read the HTTP upgrade request and answer it with 101.
	 * @param in the input
	 * @param out the output
	 * @throws IOException if the request is not a WebSocket upgrade
	 */
	static void upgrade(InputStream in, OutputStream out) throws IOException {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = { '\r', '\n', '\r', '\n' };
		while (matched < 4) {
			int b = in.read();
			if (b < 0) {
				throw new EOFException("connection closed during the upgrade");
			}
			if (request.size() >= MAX_REQUEST_BYTES) {
				throw new IOException("upgrade request over " + MAX_REQUEST_BYTES + " bytes");
			}
			request.write(b);
			matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
		}
		String key = null;
		for (String line : request.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("sec-websocket-key")) {
				key = line.substring(colon + 1).trim();
			}
		}
		if (key == null) {
			throw new IOException("not a WebSocket upgrade (no Sec-WebSocket-Key)");
		}
		String response = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
				+ "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n";
		out.write(response.getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	private static String accept(String key) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1")
				.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
			return Base64.getEncoder().encodeToString(digest);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Encode an unmasked server frame.
	 * @param opcode the opcode
	 * @param payload the payload
	 * @return the frame bytes
	 */
	static byte[] frame(int opcode, byte[] payload) {
		int length = payload.length;
		int header = (length < 126) ? 2 : ((length <= 0xFFFF) ? 4 : 10);
		byte[] frame = new byte[header + length];
		frame[0] = (byte) (0x80 | opcode);
		if (length < 126) {
			frame[1] = (byte) length;
		}
		else if (length <= 0xFFFF) {
			frame[1] = 126;
			frame[2] = (byte) (length >>> 8);
			frame[3] = (byte) length;
		}
		else {
			frame[1] = 127;
			for (int i = 0; i < 8; i++) {
				frame[2 + i] = (byte) (((long) length) >>> (56 - 8 * i));
			}
		}
		System.arraycopy(payload, 0, frame, header, length);
		return frame;
	}

	/**
	 * Encode a text frame.
	 * @param text the text
	 * @return the frame bytes
	 */
	static byte[] text(String text) {
		return frame(TEXT, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Read one frame from the subscriber.
	 * @param in the input
	 * @return the frame
	 * @throws IOException at the end of the stream or on an oversized frame
	 */
	static Frame read(InputStream in) throws IOException {
		int b0 = readByte(in);
		int b1 = readByte(in);
		long length = b1 & 0x7F;
		if (length == 126) {
			length = (readByte(in) << 8) | readByte(in);
		}
		else if (length == 127) {
			length = 0;
			for (int i = 0; i < 8; i++) {
				length = (length << 8) | readByte(in);
			}
		}
		if (length > MAX_FRAME_BYTES) {
			throw new IOException("subscriber frame of " + length + " bytes, over " + MAX_FRAME_BYTES);
		}
		byte[] mask = ((b1 & 0x80) != 0) ? in.readNBytes(4) : null;
		byte[] payload = in.readNBytes((int) length);
		if (payload.length != length) {
			throw new EOFException("connection closed inside a frame");
		}
		if (mask != null) {
			for (int i = 0; i < payload.length; i++) {
				payload[i] ^= mask[i & 3];
			}
		}
		return new Frame(b0 & 0x0F, payload);
	}

	/**
	 * Answer a ping with a pong; report whether the frame closes the connection.
	 * @param frame the frame read
	 * @param out the output
	 * @param lock to hold while writing
	 * @return {@code false} for a close frame
	 * @throws IOException if the write fails
	 */
	static boolean control(Frame frame, OutputStream out, Object lock) throws IOException {
		if (frame.opcode() == PING) {
			synchronized (lock) {
				out.write(frame(PONG, frame.payload()));
				out.flush();
			}
		}
		return frame.opcode() != CLOSE;
	}

	private static int readByte(InputStream in) throws IOException {
		int b = in.read();
		if (b < 0) {
			throw new EOFException("connection closed");
		}
		return b;
	}

}
