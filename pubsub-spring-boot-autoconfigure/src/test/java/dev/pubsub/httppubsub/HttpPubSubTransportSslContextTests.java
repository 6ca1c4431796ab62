package dev.pubsub.httppubsub;

import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.pubsub.testsupport.SelfSignedKeyStores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link HttpPubSubTransport#sslContext(HttpPubSubSettings)}: an http-only client gets the
 * {@link PlainHttpSslContext} (no JVM default context built, nothing trusted), a client with an {@code https}
 * broadcaster the JVM's default, a client with an SSL bundle that bundle's context. The trust is checked
 * with real TLS handshakes against a server with a fresh self-signed certificate.
 */
class HttpPubSubTransportSslContextTests {

	@TempDir
	Path dir;

	@Test
	void anHttpOnlyClientGetsTheContextThatTrustsNothing() {
		SSLContext context = HttpPubSubTransport
			.sslContext(settings(List.of(URI.create("http://127.0.0.1:1"), URI.create("HTTP://localhost:2")), null));
		assertThat(context).isSameAs(PlainHttpSslContext.get());
	}

	@Test
	void aClientWithAnHttpsBroadcasterKeepsTheJvmDefault() {
		assertThat(HttpPubSubTransport.sslContext(
				settings(List.of(URI.create("http://127.0.0.1:1"), URI.create("https://127.0.0.1:2")), null)))
			.isNull();
	}

	@Test
	void aClientWithAnSslBundleUsesItsContext() throws Exception {
		SSLContext bundle = SSLContext.getInstance("TLS");
		assertThat(HttpPubSubTransport.sslContext(settings(List.of(URI.create("http://127.0.0.1:1")), bundle)))
			.isSameAs(bundle);
	}

	@Test
	void thePlainHttpContextFailsTheHandshakeWithAServerATrustingContextAccepts() throws Exception {
		KeyStore store = selfSigned();
		SSLContext server = SSLContext.getInstance("TLS");
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(store, SelfSignedKeyStores.PASSWORD.toCharArray());
		server.init(keys.getKeyManagers(), null, null);
		SSLContext trusting = SSLContext.getInstance("TLS");
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(store);
		trusting.init(null, trust.getTrustManagers(), null);

		handshake(server, trusting);
		assertThatExceptionOfType(SSLHandshakeException.class)
			.isThrownBy(() -> handshake(server, PlainHttpSslContext.get()));
	}

	private static void handshake(SSLContext server, SSLContext client) throws Exception {
		try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
			.createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
				try (SSLSocket socket = (SSLSocket) listener.accept()) {
					socket.setSoTimeout(10_000);
					socket.startHandshake();
					socket.getOutputStream().write(1);
					socket.getOutputStream().flush();
				}
				catch (Exception ex) {
					// the client's failure is what the test looks at
				}
			});
			try (SSLSocket socket = (SSLSocket) client.getSocketFactory()
				.createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
				socket.setSoTimeout(10_000);
				socket.startHandshake();
				assertThat(socket.getInputStream().read()).isEqualTo(1);
			}
			finally {
				accepted.get(10, TimeUnit.SECONDS);
			}
		}
	}

	private KeyStore selfSigned() throws Exception {
		return SelfSignedKeyStores.create(this.dir.resolve("server.p12"), "server", "EC");
	}

	private static HttpPubSubSettings settings(List<URI> broadcasters, SSLContext sslContext) {
		return new HttpPubSubSettings(broadcasters, () -> "http://127.0.0.1:1/receive", null, HttpPubSubAuth.none(),
				HttpPubSubAuth.none(), Duration.ofMinutes(1), Duration.ofSeconds(5), 1024, 1, Duration.ofMillis(100),
				sslContext);
	}

}
