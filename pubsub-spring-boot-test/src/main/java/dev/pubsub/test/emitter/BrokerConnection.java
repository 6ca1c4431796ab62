package dev.pubsub.test.emitter;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * One client connection of the embedded broker: reads packets on its own thread and hands them to
 * the router; writes are serialised.
 */
final class BrokerConnection implements Runnable {

	private static final Log logger = LogFactory.getLog(BrokerConnection.class);

	private final Socket socket;

	private final EmitterRouter router;

	private final PacketGate subscriptionGate;

	private final String id = ChannelKeys.random(26).replace('-', 'A').replace('_', 'B');

	private final Map<String, String> links = new ConcurrentHashMap<>();

	private final Object writeLock = new Object();

	private volatile @Nullable String username;

	private volatile boolean closed;

	private volatile boolean readingSuspended;

	BrokerConnection(Socket socket, EmitterRouter router, PacketGate subscriptionGate) {
		this.socket = socket;
		this.router = router;
		this.subscriptionGate = subscriptionGate;
	}

	String id() {
		return this.id;
	}

	@Nullable String username() {
		return this.username;
	}

	Map<String, String> links() {
		return this.links;
	}

	@Override
	public void run() {
		try (Socket ignored = this.socket) {
			InputStream in = new BufferedInputStream(this.socket.getInputStream());
			while (!this.closed) {
				while (this.readingSuspended && !this.closed) {
					LockSupport.parkNanos(1_000_000);
				}
				MqttPackets.Packet packet = MqttPackets.read(in, EmitterRouter.MAX_PACKET_SIZE);
				if (!handle(packet)) {
					break;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			if (!this.closed) {
				logger.debug("Embedded Emitter connection " + this.id + " closed: " + ex);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.closed = true;
			this.router.closed(this);
		}
	}

	private boolean handle(MqttPackets.Packet packet) throws InterruptedException {
		MqttPackets.Reader reader = packet.reader();
		switch (packet.type()) {
			case MqttPackets.CONNECT -> {
				reader.string();
				reader.u8();
				int flags = reader.u8();
				reader.u16();
				reader.string();
				if ((flags & 0x04) != 0) {
					reader.string();
					reader.string();
				}
				if ((flags & 0x80) != 0) {
					this.username = reader.string();
				}
				write(MqttPackets.connack());
			}
			case MqttPackets.PUBLISH -> {
				int qos = (packet.flags() >> 1) & 0x03;
				boolean retain = (packet.flags() & 0x01) != 0;
				String topic = reader.string();
				int packetId = (qos > 0) ? reader.u16() : 0;
				byte[] payload = reader.rest();
				if (qos == 2) {
					return true;
				}
				this.router.publish(this, topic, payload, retain, packetId);
				if (qos == 1) {
					write(MqttPackets.ack(MqttPackets.PUBACK, packetId));
				}
			}
			case MqttPackets.SUBSCRIBE -> {
				this.subscriptionGate.pass();
				if (this.closed) {
					return false;
				}
				int packetId = reader.u16();
				java.io.ByteArrayOutputStream codes = new java.io.ByteArrayOutputStream();
				while (reader.hasMore()) {
					String filter = reader.string();
					int qos = reader.u8();
					codes.write(this.router.subscribe(this, filter, packetId) ? qos : 0x80);
				}
				write(MqttPackets.suback(packetId, codes.toByteArray()));
			}
			case MqttPackets.UNSUBSCRIBE -> {
				this.subscriptionGate.pass();
				if (this.closed) {
					return false;
				}
				int packetId = reader.u16();
				while (reader.hasMore()) {
					this.router.unsubscribe(this, reader.string(), packetId);
				}
				write(MqttPackets.ack(11, packetId));
			}
			case MqttPackets.PINGREQ -> write(MqttPackets.pingresp());
			case MqttPackets.DISCONNECT -> {
				return false;
			}
			default -> {
			}
		}
		return true;
	}

	void send(String topic, byte[] payload) {
		write(MqttPackets.publish(topic, payload));
	}

	private void write(byte[] frame) {
		if (this.closed) {
			return;
		}
		synchronized (this.writeLock) {
			try {
				OutputStream out = this.socket.getOutputStream();
				out.write(frame);
				out.flush();
			}
			catch (IOException ex) {
				close();
			}
		}
	}

	void readingSuspended(boolean suspended) {
		this.readingSuspended = suspended;
	}

	void close() {
		this.closed = true;
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			logger.trace("close failed", ex);
		}
	}

}
