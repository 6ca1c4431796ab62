package dev.pubsub.emitter;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * Bounds what an Emitter broker can make a {@link PahoEmitterClient} allocate: the socket factory
 * given to Paho (plain or TLS) wraps each connection's input in a {@link MqttPacketLimitInputStream},
 * so a packet whose declared remaining length exceeds {@code max-inbound-packet-size} fails the
 * connection's read before Paho allocates it. The connection then drops and the client reconnects
 * with its reconnect policy; each refused packet is counted as
 * {@linkplain PubSubClientMetrics#malformed() malformed} and logged, rate-limited.
 * <p>
 * Emitter clients connect with {@code tcp://} or {@code ssl://} only; MQTT over WebSocket (which Paho
 * would read through its own frame decoder) is not used.
 */
final class InboundPacketGuard {

	private final String clientName;

	private final int maxPacketSize;

	private final PubSubClientMetrics metrics;

	private final RateLimitedLog refusals;

	InboundPacketGuard(String clientName, int maxPacketSize, PubSubClientMetrics metrics, Log logger) {
		this.clientName = clientName;
		this.maxPacketSize = maxPacketSize;
		this.metrics = metrics;
		this.refusals = new RateLimitedLog(logger);
	}

	/**
	 * Return the socket factory for Paho's connect options.
	 * @param settings the connection settings
	 * @return a plain factory for {@code tcp://}, an {@link SSLSocketFactory} for {@code ssl://}
	 */
	SocketFactory socketFactory(EmitterClientSettings settings) {
		if (!settings.secure()) {
			return new PlainFactory(this);
		}
		SSLContext context = settings.sslContext();
		SSLSocketFactory tls = (context != null) ? context.getSocketFactory()
				: (SSLSocketFactory) SSLSocketFactory.getDefault();
		return new TlsFactory(tls, this);
	}

	/**
	 * Guard the input of one connection.
	 * @param in the socket's stream
	 * @return the guarded stream
	 */
	InputStream guard(InputStream in) {
		return new MqttPacketLimitInputStream(in, this.maxPacketSize,
				"pubsub.clients." + this.clientName + ".emitter.max-inbound-packet-size", this::refused);
	}

	private void refused(long declared) {
		this.metrics.malformedFrame();
		this.refusals.warn(() -> "Emitter client '" + this.clientName + "' refused an inbound MQTT packet "
				+ ((declared < 0) ? "with a malformed remaining length"
						: "declaring at least " + declared + " bytes, over max-inbound-packet-size ("
								+ this.maxPacketSize + ")")
				+ "; the connection is dropped and re-established");
	}

	/** A plain socket whose input is guarded. */
	private static final class GuardedSocket extends Socket {

		private final InboundPacketGuard guard;

		private @Nullable InputStream guarded;

		GuardedSocket(InboundPacketGuard guard) {
			this.guard = guard;
		}

		@Override
		public synchronized InputStream getInputStream() throws IOException {
			InputStream stream = this.guarded;
			if (stream == null) {
				stream = this.guard.guard(super.getInputStream());
				this.guarded = stream;
			}
			return stream;
		}

	}

	/** Paho's {@code tcp://} transport rejects an {@link SSLSocketFactory}: this one is plain. */
	private static final class PlainFactory extends SocketFactory {

		private final InboundPacketGuard guard;

		PlainFactory(InboundPacketGuard guard) {
			this.guard = guard;
		}

		@Override
		public Socket createSocket() {
			return new GuardedSocket(this.guard);
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return connected(new InetSocketAddress(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			Socket socket = createSocket();
			socket.bind(new InetSocketAddress(localHost, localPort));
			socket.connect(new InetSocketAddress(host, port));
			return socket;
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return connected(new InetSocketAddress(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			Socket socket = createSocket();
			socket.bind(new InetSocketAddress(localAddress, localPort));
			socket.connect(new InetSocketAddress(address, port));
			return socket;
		}

		private Socket connected(InetSocketAddress address) throws IOException {
			Socket socket = createSocket();
			socket.connect(address);
			return socket;
		}

	}

	/** Paho's {@code ssl://} transport requires an {@link SSLSocketFactory} making {@link SSLSocket}s. */
	private static final class TlsFactory extends SSLSocketFactory {

		private final SSLSocketFactory delegate;

		private final InboundPacketGuard guard;

		TlsFactory(SSLSocketFactory delegate, InboundPacketGuard guard) {
			this.delegate = delegate;
			this.guard = guard;
		}

		private Socket wrap(Socket socket) {
			return new GuardedSslSocket((SSLSocket) socket, this.guard::guard);
		}

		@Override
		public Socket createSocket() throws IOException {
			return wrap(this.delegate.createSocket());
		}

		@Override
		public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
			return wrap(this.delegate.createSocket(socket, host, port, autoClose));
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return wrap(this.delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return wrap(this.delegate.createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return wrap(this.delegate.createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return wrap(this.delegate.createSocket(address, port, localAddress, localPort));
		}

		@Override
		public String[] getDefaultCipherSuites() {
			return this.delegate.getDefaultCipherSuites();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return this.delegate.getSupportedCipherSuites();
		}

	}

}
