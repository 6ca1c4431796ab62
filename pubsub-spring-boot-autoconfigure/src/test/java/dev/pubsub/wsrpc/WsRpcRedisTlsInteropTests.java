package dev.pubsub.wsrpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.pubsub.interop.InteropPeers;
import dev.pubsub.testsupport.SelfSignedKeyStores;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis fan-out over TLS: a real {@code redis-server} listening only on a TLS port with a
 * certificate made for the test, two Spring endpoints connected with
 * {@code spring.data.redis.url=rediss://...} and a Boot SSL bundle that trusts that certificate.
 */
class WsRpcRedisTlsInteropTests {

	private static final String PASSWORD = "tls-pw";

	@TempDir
	Path dir;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Inbox inbox2 = new Inbox();

	@BeforeEach
	void createCertificate() throws Exception {
		KeyStore store = SelfSignedKeyStores.create(this.dir.resolve("redis.p12"), "redis", "RSA", "-keysize", "2048");
		Key key = store.getKey("redis", SelfSignedKeyStores.PASSWORD.toCharArray());
		Certificate certificate = store.getCertificate("redis");
		Files.writeString(this.dir.resolve("key.pem"), pem("PRIVATE KEY", key.getEncoded()));
		Files.writeString(this.dir.resolve("cert.pem"), pem("CERTIFICATE", certificate.getEncoded()));
	}

	private static String pem(String type, byte[] der) {
		return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
			.encodeToString(der) + "\n-----END " + type + "-----\n";
	}

	@AfterEach
	void stop() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
	}

	private EndpointServer endpoint(int tlsPort) {
		EndpointServer server = EndpointServer.start("pubsub.wsrpc.server.broadcast.type=redis",
				"pubsub.wsrpc.server.broadcast.recovery-interval=200ms", "spring.data.redis.timeout=5s",
				"spring.data.redis.url=rediss://default:" + PASSWORD + "@127.0.0.1:" + tlsPort,
				"spring.data.redis.ssl.bundle=redis-ca",
				"spring.ssl.bundle.pem.redis-ca.truststore.certificate=file:" + this.dir.resolve("cert.pem"));
		this.resources.add(server);
		return server;
	}

	@Test
	void twoInstancesShareEventsThroughRedisOverTls() throws Exception {
		int tlsPort = InteropPeers.freePort();
		PeerProcess redis = PeerProcess.start(InteropPaths.interop(),
				List.of(InteropPaths.redisServer().toString(), "--port", "0", "--tls-port", String.valueOf(tlsPort),
						"--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", PASSWORD,
						"--tls-cert-file", this.dir.resolve("cert.pem").toString(), "--tls-key-file",
						this.dir.resolve("key.pem").toString(), "--tls-ca-cert-file",
						this.dir.resolve("cert.pem").toString(), "--tls-auth-clients", "no"));
		this.resources.add(redis);
		await().atMost(Duration.ofSeconds(20)).until(() -> accepts(tlsPort));
		EndpointServer spring1 = endpoint(tlsPort);
		EndpointServer spring2 = endpoint(tlsPort);
		RedisConnectionFactory factory = spring2.bean(RedisConnectionFactory.class);
		assertThat(((LettuceConnectionFactory) factory).isUseSsl()).isTrue();
		DefaultWsRpcPubSubClient publisher = WsRpcTestClients.client("tls-publisher", spring1.url());
		this.resources.add(publisher::destroy);
		DefaultWsRpcPubSubClient subscriber = WsRpcTestClients.client("tls-subscriber", spring2.url());
		this.resources.add(subscriber::destroy);
		subscriber.subscribe("tls", this.inbox2::add);
		subscriber.subscribe("tls.end", this.inbox2::add);
		publisher.connect().get(20, TimeUnit.SECONDS);
		subscriber.connect().get(20, TimeUnit.SECONDS);
		await().until(() -> subscriber.remoteTopics().contains("tls.end"));
		// instance 2 listens once a probe crosses
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
			publisher.publish(List.of("tls.end"), Map.of("id", "probe"), true).get(5, TimeUnit.SECONDS);
			return ids("tls.end").contains("probe");
		});
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			expected.add("tls-" + i);
			publisher.publish(List.of("tls"), Map.of("id", "tls-" + i), true).get(5, TimeUnit.SECONDS);
		}
		publisher.publish(List.of("tls.end"), Map.of("id", "end"), true).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> ids("tls.end").contains("end"));
		assertThat(ids("tls")).containsExactlyElementsOf(expected);
	}

	private List<String> ids(String topic) {
		return this.inbox2.messages.stream()
			.filter((message) -> message.topic().equals(topic))
			.map((message) -> message.payloadAsJson().path("id").asString())
			.toList();
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
