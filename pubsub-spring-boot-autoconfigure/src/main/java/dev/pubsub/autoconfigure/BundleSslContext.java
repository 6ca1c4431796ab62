package dev.pubsub.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The {@link SSLContext} of a client configured with {@code ssl.bundle}: built from the bundle
 * ({@link SslBundle#createSslContext()}), with the bundle's options (enabled protocols and cipher
 * suites) applied to every engine, socket and the default parameters it hands out, and swapped
 * for a new one when the bundle is reloaded ({@link #reload(SslBundle)}, registered as the
 * bundle's update handler). Connections opened after a reload use the new material; open ones
 * keep theirs.
 * <p>
 * Hostname verification is the transport's: the JDK {@code HttpClient}, Tomcat's WebSocket client
 * and Paho (with its default {@code httpsHostnameVerificationEnabled}) all check that the server's
 * certificate names the host connected to.
 */
final class BundleSslContext extends SSLContext {

	private final Spi spi;

	private BundleSslContext(Spi spi, SSLContext first) {
		super(spi, first.getProvider(), first.getProtocol());
		this.spi = spi;
	}

	/**
	 * Create a context from a bundle.
	 * @param bundle the bundle
	 * @return the context
	 */
	static BundleSslContext of(SslBundle bundle) {
		Material material = Material.of(bundle);
		return new BundleSslContext(new Spi(material), material.context());
	}

	/**
	 * Use a reloaded bundle for the connections opened from now on.
	 * @param bundle the new bundle
	 */
	void reload(SslBundle bundle) {
		this.spi.material = Material.of(bundle);
	}

	private record Material(SSLContext context, String @Nullable [] protocols, String @Nullable [] ciphers) {

		static Material of(SslBundle bundle) {
			SslOptions options = bundle.getOptions();
			return new Material(bundle.createSslContext(), options.getEnabledProtocols(), options.getCiphers());
		}

		SSLEngine apply(SSLEngine engine) {
			if (this.protocols != null) {
				engine.setEnabledProtocols(this.protocols);
			}
			if (this.ciphers != null) {
				engine.setEnabledCipherSuites(this.ciphers);
			}
			return engine;
		}

		Socket apply(Socket socket) {
			if (socket instanceof SSLSocket ssl) {
				if (this.protocols != null) {
					ssl.setEnabledProtocols(this.protocols);
				}
				if (this.ciphers != null) {
					ssl.setEnabledCipherSuites(this.ciphers);
				}
			}
			return socket;
		}

		SSLParameters apply(SSLParameters parameters) {
			if (this.protocols != null) {
				parameters.setProtocols(this.protocols);
			}
			if (this.ciphers != null) {
				parameters.setCipherSuites(this.ciphers);
			}
			return parameters;
		}

	}

	private static final class Spi extends SSLContextSpi {

		private volatile Material material;

		Spi(Material material) {
			this.material = material;
		}

		@Override
		protected void engineInit(KeyManager @Nullable [] km, TrustManager @Nullable [] tm, @Nullable SecureRandom sr)
				throws KeyManagementException {
			throw new KeyManagementException("this SSLContext is initialized from an SSL bundle");
		}

		@Override
		protected SSLSocketFactory engineGetSocketFactory() {
			return new SocketFactory(this);
		}

		@Override
		protected SSLServerSocketFactory engineGetServerSocketFactory() {
			return this.material.context().getServerSocketFactory();
		}

		@Override
		protected SSLEngine engineCreateSSLEngine() {
			Material current = this.material;
			return current.apply(current.context().createSSLEngine());
		}

		@Override
		protected SSLEngine engineCreateSSLEngine(String host, int port) {
			Material current = this.material;
			return current.apply(current.context().createSSLEngine(host, port));
		}

		@Override
		protected SSLSessionContext engineGetServerSessionContext() {
			return this.material.context().getServerSessionContext();
		}

		@Override
		protected SSLSessionContext engineGetClientSessionContext() {
			return this.material.context().getClientSessionContext();
		}

		@Override
		protected SSLParameters engineGetDefaultSSLParameters() {
			Material current = this.material;
			return current.apply(current.context().getDefaultSSLParameters());
		}

		@Override
		protected SSLParameters engineGetSupportedSSLParameters() {
			return this.material.context().getSupportedSSLParameters();
		}

	}

	/**
	 * Creates sockets from the current material's factory, with the bundle's options applied.
	 */
	private static final class SocketFactory extends SSLSocketFactory {

		private final Spi spi;

		SocketFactory(Spi spi) {
			this.spi = spi;
		}

		private SSLSocketFactory factory() {
			return this.spi.material.context().getSocketFactory();
		}

		private Socket apply(Socket socket) {
			return this.spi.material.apply(socket);
		}

		@Override
		public String[] getDefaultCipherSuites() {
			String[] ciphers = this.spi.material.ciphers();
			return (ciphers != null) ? ciphers.clone() : factory().getDefaultCipherSuites();
		}

		@Override
		public String[] getSupportedCipherSuites() {
			return factory().getSupportedCipherSuites();
		}

		@Override
		public Socket createSocket() throws IOException {
			return apply(factory().createSocket());
		}

		@Override
		public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
			return apply(factory().createSocket(socket, host, port, autoClose));
		}

		@Override
		public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
			return apply(factory().createSocket(socket, consumed, autoClose));
		}

		@Override
		public Socket createSocket(String host, int port) throws IOException {
			return apply(factory().createSocket(host, port));
		}

		@Override
		public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
			return apply(factory().createSocket(host, port, localHost, localPort));
		}

		@Override
		public Socket createSocket(InetAddress host, int port) throws IOException {
			return apply(factory().createSocket(host, port));
		}

		@Override
		public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
				throws IOException {
			return apply(factory().createSocket(address, port, localAddress, localPort));
		}

	}

}
