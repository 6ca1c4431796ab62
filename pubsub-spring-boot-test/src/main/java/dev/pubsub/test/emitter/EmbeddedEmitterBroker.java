package dev.pubsub.test.emitter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pubsub.test.EmbeddedPubSubServer;

/**
 * An embedded broker that speaks Emitter's dialect of MQTT 3.1.1 on 127.0.0.1, for tests that
 * should not need the Go broker.
 * <p>
 * What it does like the real broker: CONNACK 0 for everyone (the username is the presence name),
 * keyed topics {@code KEY/channel/?opt=val}, delivery on the bare channel at QoS 0, prefix
 * matching with {@code +}, share groups, {@code me=0}, ttl/retain storage (with {@code s}) and
 * {@code last} replay before the SUBACK (with {@code l}, default 1), links, presence events, the
 * {@code emitter/keygen|presence|link|me/} requests answered with {@code req} = packet id, errors on
 * {@code emitter/error/} (and SUBACK 0x80), no answer to QoS 2, and a dropped connection for
 * packets over 64 KiB. What differs: keys are random strings it remembers (not encrypted
 * tokens), there is no cluster, no history or keyban, and stored messages are kept across
 * {@link #stop()}/{@link #start()} unless {@link #clearStore()} is called.
 * <p>
 * {@link #stop()} closes every connection abruptly, like a crashed broker; {@link #start()} binds
 * the same port again, so clients can reconnect.
 * <p>
 * {@link EmbeddedEmitter @EmbeddedEmitter} runs one for a test class and points an Emitter client at it.
 */
public final class EmbeddedEmitterBroker implements EmbeddedPubSubServer {

	private static final Log logger = LogFactory.getLog(EmbeddedEmitterBroker.class);

	private final ChannelKeys keys = new ChannelKeys();

	private final EmitterRouter router = new EmitterRouter(this.keys);

	private final PacketGate subscriptionGate = new PacketGate();

	private final BrokerFaults faults = new BrokerFaults(this.router);

	private int port;

	private volatile @Nullable ServerSocket serverSocket;

	/**
	 * Create a broker on an ephemeral port.
	 */
	public EmbeddedEmitterBroker() {
		this(0);
	}

	/**
	 * Create a broker.
	 * @param port the port, 0 for an ephemeral one (kept across restarts)
	 */
	public EmbeddedEmitterBroker(int port) {
		this.port = port;
	}

	/**
	 * Start accepting connections on 127.0.0.1.
	 * @return this broker
	 */
	public synchronized EmbeddedEmitterBroker start() {
		if (this.serverSocket != null) {
			return this;
		}
		try {
			ServerSocket socket = bind();
			this.port = socket.getLocalPort();
			this.serverSocket = socket;
			Thread acceptor = new Thread(() -> accept(socket), "embedded-emitter-accept-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the embedded Emitter broker on port " + this.port, ex);
		}
		return this;
	}

	private ServerSocket bind() throws IOException {
		long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
		while (true) {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			try {
				socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 128);
				return socket;
			}
			catch (java.net.BindException ex) {
				socket.close();
				// connections of the previous run may still hold the port for a moment after a restart
				if (this.port == 0 || System.nanoTime() > deadline) {
					throw ex;
				}
				try {
					Thread.sleep(20);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw ex;
				}
			}
		}
	}

	private void accept(ServerSocket socket) {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				if (socket.isClosed()) {
					client.close();
					return;
				}
				if (this.faults.accepted()) {
					client.close();
					continue;
				}
				client.setTcpNoDelay(true);
				BrokerConnection connection = new BrokerConnection(client, this.router, this.subscriptionGate);
				this.router.opened(connection);
				Thread reader = new Thread(connection, "embedded-emitter-" + connection.id());
				reader.setDaemon(true);
				reader.start();
			}
			catch (IOException ex) {
				if (!socket.isClosed()) {
					logger.debug("Embedded Emitter broker accept failed", ex);
				}
			}
		}
	}

	/**
	 * Hold every SUBSCRIBE and UNSUBSCRIBE from now on: a connection that reads one stops before
	 * handling it, so it is not acknowledged and what the client sends after it waits behind it,
	 * until {@link #releaseSubscriptionPackets()} or {@link #stop()}. Lets a test keep a client
	 * between a subscription change and its acknowledgement (for example in the middle of the
	 * restore after a reconnect) without sleeping.
	 */
	public void holdSubscriptionPackets() {
		this.subscriptionGate.close();
	}

	/**
	 * Handle the held SUBSCRIBE and UNSUBSCRIBE packets and stop holding new ones.
	 */
	public void releaseSubscriptionPackets() {
		this.subscriptionGate.open();
	}

	/**
	 * Return how many connections wait with a held SUBSCRIBE or UNSUBSCRIBE.
	 * @return the count
	 */
	public int heldSubscriptionPackets() {
		return this.subscriptionGate.waiting();
	}

	/**
	 * Stop: close the listening socket and every connection at once (a held SUBSCRIBE or
	 * UNSUBSCRIBE is dropped with its connection, and packets are no longer held).
	 */
	public synchronized void stop() {
		ServerSocket socket = this.serverSocket;
		this.serverSocket = null;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				logger.debug("close failed", ex);
			}
		}
		for (BrokerConnection connection : this.router.connections()) {
			connection.close();
		}
		this.subscriptionGate.open();
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Whether the broker accepts connections.
	 * @return {@code true} when started
	 */
	public boolean isRunning() {
		return this.serverSocket != null;
	}

	/**
	 * Return the port.
	 * @return the port (the bound one once started)
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the host clients connect to.
	 * @return {@code 127.0.0.1}
	 */
	public String host() {
		return "127.0.0.1";
	}

	/**
	 * Return the MQTT URI.
	 * @return {@code tcp://127.0.0.1:port}
	 */
	public String url() {
		return "tcp://" + host() + ":" + this.port;
	}

	/**
	 * Return the secret (master) key, which may only generate channel keys.
	 * @return the secret key
	 */
	public String secretKey() {
		return this.keys.secret();
	}

	/**
	 * Create a channel key without a keygen round trip.
	 * @param channel {@code a/b/} for exactly that channel, {@code a/#/} for it and below
	 * @param permissions permission letters (r, w, s, l, p, e)
	 * @return the key
	 */
	public String createKey(String channel, String permissions) {
		return createKey(channel, permissions, 0);
	}

	/**
	 * Create a channel key that expires.
	 * @param channel the channel
	 * @param permissions the permission letters
	 * @param ttlSeconds seconds until it expires, 0 for never
	 * @return the key
	 */
	public String createKey(String channel, String permissions, long ttlSeconds) {
		return this.keys.create(channel, permissions, ttlSeconds).value();
	}

	/**
	 * Accept a key chosen by the caller, for configurations that must name their key before the
	 * broker starts (a sample application, a test property).
	 * @param key the key (letters, digits, {@code -} and {@code _}; no {@code /})
	 * @param channel the channel it covers
	 * @param permissions the permission letters
	 */
	public void addKey(String key, String channel, String permissions) {
		if (key.isEmpty() || key.contains("/") || "emitter".equals(key)) {
			throw new IllegalArgumentException("An Emitter key must be non-empty, without '/', and not 'emitter'");
		}
		this.keys.add(key, channel, permissions, 0);
	}

	/**
	 * Return the number of open client connections.
	 * @return the count
	 */
	public int connectionCount() {
		return this.router.connections().size();
	}

	/**
	 * Forget every stored (ttl or retained) message.
	 */
	public void clearStore() {
		this.router.clearStore();
	}

	/**
	 * Return the fault hooks (server-side publishes, dropping every connection, accept-then-close, suspended
	 * reading) for the provider contract kit and hostile-broker tests.
	 * @return the hooks
	 */
	public BrokerFaults faults() {
		return this.faults;
	}

	/**
	 * Send a raw PUBLISH to every connected client, for testing how clients cope with unexpected
	 * or malformed broker messages.
	 * @param topic the topic
	 * @param payload the payload
	 */
	public void sendToAll(String topic, String payload) {
		for (BrokerConnection connection : this.router.connections()) {
			connection.send(topic, payload.getBytes(StandardCharsets.UTF_8));
		}
	}

}
