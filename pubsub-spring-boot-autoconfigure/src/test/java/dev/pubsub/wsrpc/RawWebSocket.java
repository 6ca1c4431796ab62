package dev.pubsub.wsrpc;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A WebSocket client written to RFC 6455 on a plain socket, for tests that need what a library
 * client will not do: stop reading, never answer pings, send a message in many continuation
 * frames, or cost the test JVM almost nothing per connection.
 */
final class RawWebSocket implements AutoCloseable {

	static final int TEXT = 0x1;

	static final int CONTINUATION = 0x0;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	private final Socket socket;

	private final DataInputStream in;

	private final OutputStream out;

	private RawWebSocket(Socket socket) throws IOException {
		this.socket = socket;
		this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
		this.out = socket.getOutputStream();
	}

	/**
	 * Connect and complete the opening handshake.
	 * @param port the port of 127.0.0.1
	 * @param path the path
	 * @param receiveBuffer the socket receive buffer, {@code 0} for the default
	 * @return the connected socket
	 * @throws IOException if the handshake fails
	 */
	static RawWebSocket connect(int port, String path, int receiveBuffer) throws IOException {
		Socket socket = new Socket();
		if (receiveBuffer > 0) {
			socket.setReceiveBufferSize(receiveBuffer);
		}
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(30_000);
		byte[] nonce = new byte[16];
		ThreadLocalRandom.current().nextBytes(nonce);
		String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
				+ Base64.getEncoder().encodeToString(nonce) + "\r\n\r\n";
		socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				socket.close();
				throw new IOException("handshake ended early: " + head.toString(StandardCharsets.US_ASCII));
			}
			head.write(b);
		}
		String response = head.toString(StandardCharsets.US_ASCII);
		if (!response.startsWith("HTTP/1.1 101")) {
			socket.close();
			throw new IOException("handshake refused: " + response);
		}
		return new RawWebSocket(socket);
	}

	static RawWebSocket connect(int port) throws IOException {
		return connect(port, "/pubsub", 0);
	}

	void sendText(String text) throws IOException {
		sendFrame(TEXT, true, text.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Send one masked frame.
	 * @param opcode the opcode
	 * @param fin whether it ends the message
	 * @param payload the payload
	 * @throws IOException if the socket fails
	 */
	synchronized void sendFrame(int opcode, boolean fin, byte[] payload) throws IOException {
		ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
		frame.write((fin ? 0x80 : 0) | opcode);
		if (payload.length < 126) {
			frame.write(0x80 | payload.length);
		}
		else if (payload.length < 65536) {
			frame.write(0x80 | 126);
			frame.write(payload.length >>> 8);
			frame.write(payload.length & 0xff);
		}
		else {
			frame.write(0x80 | 127);
			for (int shift = 56; shift >= 0; shift -= 8) {
				frame.write((int) ((long) payload.length >>> shift) & 0xff);
			}
		}
		byte[] mask = new byte[4];
		ThreadLocalRandom.current().nextBytes(mask);
		frame.write(mask);
		byte[] masked = new byte[payload.length];
		for (int i = 0; i < payload.length; i++) {
			masked[i] = (byte) (payload[i] ^ mask[i & 3]);
		}
		frame.write(masked);
		this.out.write(frame.toByteArray());
		this.out.flush();
	}

	/**
	 * Read one frame (the server does not mask).
	 * @return the frame
	 * @throws IOException if the socket fails or ends
	 */
	Frame readFrame() throws IOException {
		int first = this.in.readUnsignedByte();
		int second = this.in.readUnsignedByte();
		long length = second & 0x7f;
		if (length == 126) {
			length = this.in.readUnsignedShort();
		}
		else if (length == 127) {
			length = this.in.readLong();
		}
		byte[] payload = new byte[(int) length];
		this.in.readFully(payload);
		return new Frame(first & 0x0f, (first & 0x80) != 0, payload);
	}

	/**
	 * Read frames until a close frame and return its code, skipping the rest.
	 * @return the close code, or {@code -1} if the socket ended without one
	 */
	int awaitCloseCode() {
		try {
			while (true) {
				Frame frame = readFrame();
				if (frame.opcode() == CLOSE) {
					return (frame.payload().length >= 2)
							? ((frame.payload()[0] & 0xff) << 8) | (frame.payload()[1] & 0xff) : 1005;
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
	}

	void soTimeout(int millis) throws IOException {
		this.socket.setSoTimeout(millis);
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

	/**
	 * One frame.
	 * @param opcode the opcode
	 * @param fin whether it ends its message
	 * @param payload the payload
	 */
	record Frame(int opcode, boolean fin, byte[] payload) {

		String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
		}

	}

}
