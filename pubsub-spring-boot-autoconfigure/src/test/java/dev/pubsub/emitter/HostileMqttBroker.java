package dev.pubsub.emitter;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw MQTT 3.1.1 broker on a {@link ServerSocket}, for hostile-broker tests: it answers CONNECT,
 * SUBSCRIBE, UNSUBSCRIBE, PINGREQ and QoS 1 PUBLISH like a broker, and lets the test write any bytes
 * to a connection. It reads what the client sends, so a connection's {@link Connection#closedAt()} is
 * when the client closed it.
 */
final class HostileMqttBroker implements AutoCloseable {

	private final ServerSocket server;

	private final List<Connection> connections = new CopyOnWriteArrayList<>();

	HostileMqttBroker() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "hostile-mqtt-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.server.getLocalPort();
	}

	List<Connection> connections() {
		return this.connections;
	}

	Connection connection(int index) {
		return this.connections.get(index);
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				Connection connection = new Connection(socket, Instant.now());
				this.connections.add(connection);
				Thread reader = new Thread(connection::serve, "hostile-mqtt-" + this.connections.size());
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Connection connection : this.connections) {
			connection.socket.close();
		}
	}

	static byte[] publish(String topic, byte[] payload) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		byte[] name = topic.getBytes(StandardCharsets.UTF_8);
		body.write(name.length >> 8);
		body.write(name.length & 0xFF);
		body.writeBytes(name);
		body.writeBytes(payload);
		ByteArrayOutputStream packet = new ByteArrayOutputStream();
		packet.writeBytes(MqttPacketLimitInputStreamTests.header(0x30, body.size()));
		packet.writeBytes(body.toByteArray());
		return packet.toByteArray();
	}

	/** One client connection. */
	static final class Connection {

		private final Socket socket;

		private final Instant acceptedAt;

		private final List<String> subscribed = new CopyOnWriteArrayList<>();

		private volatile Instant closedAt;

		private volatile boolean connected;

		Connection(Socket socket, Instant acceptedAt) {
			this.socket = socket;
			this.acceptedAt = acceptedAt;
		}

		Instant acceptedAt() {
			return this.acceptedAt;
		}

		/** When the client closed the connection (end of stream), or {@code null} while open. */
		Instant closedAt() {
			return this.closedAt;
		}

		boolean connected() {
			return this.connected;
		}

		List<String> subscribed() {
			return this.subscribed;
		}

		/**
		 * Write raw bytes to the client.
		 * @param bytes the bytes
		 * @throws IOException if the connection is closed
		 */
		synchronized void write(byte[] bytes) throws IOException {
			OutputStream out = this.socket.getOutputStream();
			out.write(bytes);
			out.flush();
		}

		private void serve() {
			try (Socket ignored = this.socket) {
				DataInputStream in = new DataInputStream(this.socket.getInputStream());
				while (true) {
					int first = in.read();
					if (first < 0) {
						break;
					}
					int length = 0;
					int multiplier = 1;
					int digit;
					do {
						digit = in.readUnsignedByte();
						length += (digit & 0x7F) * multiplier;
						multiplier *= 128;
					}
					while ((digit & 0x80) != 0);
					byte[] body = new byte[length];
					in.readFully(body);
					answer(first >> 4, first, body);
				}
			}
			catch (IOException ex) {
				// reset by the client: closed as well
			}
			this.closedAt = Instant.now();
		}

		private void answer(int type, int first, byte[] body) throws IOException {
			switch (type) {
				case 1 -> {
					this.connected = true;
					write(new byte[] { 0x20, 0x02, 0x00, 0x00 });
				}
				case 3 -> {
					if ((first & 0x06) != 0) {
						int nameLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
						write(new byte[] { 0x40, 0x02, body[2 + nameLength], body[3 + nameLength] });
					}
				}
				case 8 -> {
					int position = 2;
					int count = 0;
					while (position < body.length) {
						int nameLength = ((body[position] & 0xFF) << 8) | (body[position + 1] & 0xFF);
						this.subscribed.add(new String(body, position + 2, nameLength, StandardCharsets.UTF_8));
						position += 2 + nameLength + 1;
						count++;
					}
					byte[] suback = new byte[4 + count];
					suback[0] = (byte) 0x90;
					suback[1] = (byte) (2 + count);
					suback[2] = body[0];
					suback[3] = body[1];
					write(suback);
				}
				case 10 -> write(new byte[] { (byte) 0xB0, 0x02, body[0], body[1] });
				case 12 -> write(new byte[] { (byte) 0xD0, 0x00 });
				default -> {
				}
			}
		}

	}

}
