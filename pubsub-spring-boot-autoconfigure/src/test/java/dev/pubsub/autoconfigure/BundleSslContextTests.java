package dev.pubsub.autoconfigure;

import java.net.Socket;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link BundleSslContext}: the bundle's options on every engine, socket and the default
 * parameters, and the reloaded bundle's options on what is created after a reload. (The TLS
 * handshakes themselves are tested against real TLS servers in {@code pubsub-spring-boot-test}.)
 */
class BundleSslContextTests {

	private static final String CIPHER_13 = "TLS_AES_128_GCM_SHA256";

	private static final String CIPHER_12 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";

	@Test
	void appliesTheBundlesProtocolsAndCiphersToEnginesSocketsAndDefaultParameters() throws Exception {
		SSLContext context = BundleSslContext.of(bundle("TLSv1.2", CIPHER_12));
		assertOptions(context.createSSLEngine(), "TLSv1.2", CIPHER_12);
		assertOptions(context.createSSLEngine("127.0.0.1", 443), "TLSv1.2", CIPHER_12);
		assertThat(context.getDefaultSSLParameters().getProtocols()).containsExactly("TLSv1.2");
		assertThat(context.getDefaultSSLParameters().getCipherSuites()).containsExactly(CIPHER_12);
		assertThat(context.getSocketFactory().getDefaultCipherSuites()).containsExactly(CIPHER_12);
		try (Socket socket = context.getSocketFactory().createSocket()) {
			assertThat(((SSLSocket) socket).getEnabledProtocols()).containsExactly("TLSv1.2");
			assertThat(((SSLSocket) socket).getEnabledCipherSuites()).containsExactly(CIPHER_12);
		}
	}

	@Test
	void withoutOptionsKeepsTheJdkDefaults() {
		SSLContext context = BundleSslContext.of(SslBundle.of(SslStoreBundle.NONE));
		SSLEngine engine = context.createSSLEngine();
		assertThat(engine.getEnabledProtocols()).contains("TLSv1.3", "TLSv1.2");
		assertThat(engine.getEnabledCipherSuites()).contains(CIPHER_13, CIPHER_12);
	}

	@Test
	void whatIsCreatedAfterAReloadUsesTheNewBundle() throws Exception {
		BundleSslContext context = BundleSslContext.of(bundle("TLSv1.2", CIPHER_12));
		SSLEngine before = context.createSSLEngine();
		SSLSocketFactory factory = context.getSocketFactory();
		context.reload(bundle("TLSv1.3", CIPHER_13));
		assertOptions(before, "TLSv1.2", CIPHER_12);
		assertOptions(context.createSSLEngine(), "TLSv1.3", CIPHER_13);
		try (Socket socket = factory.createSocket()) {
			assertThat(((SSLSocket) socket).getEnabledProtocols()).containsExactly("TLSv1.3");
		}
	}

	@Test
	void cannotBeReinitialized() {
		SSLContext context = BundleSslContext.of(SslBundle.of(SslStoreBundle.NONE));
		assertThatException().isThrownBy(() -> context.init(null, null, null))
			.withMessageContaining("initialized from an SSL bundle");
	}

	private static SslBundle bundle(String protocol, String cipher) {
		return SslBundle.of(SslStoreBundle.NONE, SslBundleKey.NONE,
				SslOptions.of(new String[] { cipher }, new String[] { protocol }));
	}

	private static void assertOptions(SSLEngine engine, String protocol, String cipher) {
		assertThat(engine.getEnabledProtocols()).containsExactly(protocol);
		assertThat(engine.getEnabledCipherSuites()).containsExactly(cipher);
	}

}
