package dev.pubsub.tls;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimeXAutoConfiguration;
import dev.pubsub.autoconfigure.WsRpcAutoConfiguration;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.realtimex.RealtimeXChannel;
import dev.pubsub.realtimex.RealtimeXClient;
import dev.pubsub.realtimex.RealtimeXEvent;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;
import dev.pubsub.wsrpc.WsRpcPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code ssl.bundle} on the WebSocket clients (Realtime, RealtimeX, wsrpc), over real TLS: each
 * embedded server sits behind a {@link TlsTerminatingProxy} with a self-signed certificate that
 * only the PEM bundle {@code test} trusts. With the bundle a message round-trips; without it (the
 * JVM's default trust store) the handshake fails; a certificate for another host fails hostname
 * verification although the bundle trusts it; the bundle's protocol option is applied; a reloaded
 * bundle is used by the next connection.
 */
class SslBundleWebSocketClientsTests {

	static final Duration WAIT = Duration.ofSeconds(30);

	/** The JDK's reason for refusing a certificate that no trusted certificate vouches for. */
	static final String UNTRUSTED = "unable to find valid certification path";

	/** The JDK's reason for refusing a trusted certificate that does not name the host. */
	static final String WRONG_HOST = "No subject alternative names matching IP address 127.0.0.1";

	static final String TRUST_SERVER = "spring.ssl.bundle.pem.test.truststore.certificate=classpath:tls/server.crt";

	static final String TRUST_WRONG_HOST = "spring.ssl.bundle.pem.test.truststore.certificate="
			+ "classpath:tls/wrong-host.crt";

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	private EmbeddedRealtimeGateway gateway;

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	// ---- Realtime ----

	@Test
	void realtimeRoundTripsThroughTlsWithTheBundle() throws Exception {
		TlsTerminatingProxy proxy = realtimeBehindTls(TlsTerminatingProxy.SERVER);
		realtime(proxy, "pubsub.clients.gateway.realtime.ssl.bundle=test", TRUST_SERVER).run((context) -> {
			assertThat(context).hasNotFailed();
			RealtimeClient client = context.getBean("gateway", RealtimeClient.class);
			await().atMost(WAIT).until(client::isConnected);
			assertRoundTrip(client, "orders.created", (id) -> client.publish("orders", Map.of("id", id), "created"));
			assertThat(proxy.handshakes()).isNotEmpty();
		});
	}

	@Test
	void realtimeWithoutTheBundleFailsTheHandshakeAgainstTheDefaultTrustStore() throws Exception {
		TlsTerminatingProxy proxy = realtimeBehindTls(TlsTerminatingProxy.SERVER);
		realtime(proxy, "pubsub.clients.gateway.auto-connect=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertHandshakeFails(context.getBean("gateway", RealtimeClient.class), proxy, UNTRUSTED);
		});
	}

	@Test
	void realtimeVerifiesTheHostnameEvenWhenTheBundleTrustsTheCertificate() throws Exception {
		TlsTerminatingProxy proxy = realtimeBehindTls(TlsTerminatingProxy.WRONG_HOST);
		realtime(proxy, "pubsub.clients.gateway.auto-connect=false", "pubsub.clients.gateway.realtime.ssl.bundle=test",
				TRUST_WRONG_HOST)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertHandshakeFails(context.getBean("gateway", RealtimeClient.class), proxy, WRONG_HOST);
			});
	}

	@Test
	void realtimeUsesTheReloadedBundleForTheNextConnection() throws Exception {
		TlsTerminatingProxy proxy = realtimeBehindTls(TlsTerminatingProxy.SERVER);
		realtime(proxy, "pubsub.clients.gateway.auto-connect=false", "pubsub.clients.gateway.realtime.ssl.bundle=test",
				TRUST_WRONG_HOST, "spring.ssl.bundle.pem.good.truststore.certificate=classpath:tls/server.crt")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RealtimeClient client = context.getBean("gateway", RealtimeClient.class);
				assertHandshakeFails(client, proxy, UNTRUSTED);
				DefaultSslBundleRegistry registry = context.getBean(DefaultSslBundleRegistry.class);
				registry.updateBundle("test", registry.getBundle("good"));
				client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(client.isConnected()).isTrue();
				assertThat(proxy.handshakes()).hasSize(1);
			});
	}

	@Test
	void realtimeAppliesTheBundlesProtocols() throws Exception {
		TlsTerminatingProxy proxy = realtimeBehindTls(TlsTerminatingProxy.SERVER);
		realtime(proxy, "pubsub.clients.gateway.realtime.ssl.bundle=test", TRUST_SERVER,
				"spring.ssl.bundle.pem.test.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RealtimeClient client = context.getBean("gateway", RealtimeClient.class);
				await().atMost(WAIT).until(client::isConnected);
				assertThat(proxy.handshakes()).containsOnly("TLSv1.2");
			});
	}

	// ---- RealtimeX ----

	@Test
	void realtimeXRoundTripsThroughTlsWithTheBundle() throws Exception {
		EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret").start();
		this.resources.add(server::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, server.port());
		realtimeX(proxy, "pubsub.clients.rtx.realtimex.ssl.bundle=test", TRUST_SERVER).run((context) -> {
			assertThat(context).hasNotFailed();
			RealtimeXClient client = context.getBean("rtx", RealtimeXClient.class);
			await().atMost(WAIT).until(client::isConnected);
			List<RealtimeXEvent> received = new CopyOnWriteArrayList<>();
			RealtimeXChannel orders = client.subscribe("orders");
			orders.bind("created", received::add);
			orders.whenSubscribed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
			String id = UUID.randomUUID().toString();
			server.publish("orders", "created", Map.of("id", id));
			await().atMost(WAIT)
				.until(() -> received.stream().anyMatch((event) -> id.equals(event.data().path("id").asString())));
			assertThat(proxy.handshakes()).isNotEmpty();
		});
	}

	@Test
	void realtimeXWithoutTheBundleFailsTheHandshakeAgainstTheDefaultTrustStore() throws Exception {
		EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret").start();
		this.resources.add(server::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, server.port());
		realtimeX(proxy, "pubsub.clients.rtx.auto-connect=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertHandshakeFails(context.getBean("rtx", RealtimeXClient.class), proxy, UNTRUSTED);
		});
	}

	// ---- wsrpc ----

	@Test
	void wsRpcRoundTripsThroughTlsWithTheBundle() throws Exception {
		EmbeddedWsRpcServer server = new EmbeddedWsRpcServer(0).start();
		this.resources.add(server::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, server.port());
		wsRpc(proxy, "pubsub.clients.feed.wsrpc.ssl.bundle=test", TRUST_SERVER).run((context) -> {
			assertThat(context).hasNotFailed();
			WsRpcPubSubClient client = context.getBean("feed", WsRpcPubSubClient.class);
			await().atMost(WAIT).until(client::isConnected);
			// a publish acknowledged by the endpoint, and an event from the endpoint, both over TLS
			List<PubSubMessage> received = new CopyOnWriteArrayList<>();
			client.subscribe("readings", received::add);
			await().atMost(WAIT).until(() -> server.notifier().subscriberCount("readings") == 1);
			String id = UUID.randomUUID().toString();
			client.publish("readings", Map.of("id", id)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
			String fromServer = UUID.randomUUID().toString();
			server.publisher().publish("readings", Map.of("id", fromServer)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
			await().atMost(WAIT).until(() -> ids(received).contains(fromServer));
			assertThat(proxy.handshakes()).isNotEmpty();
		});
	}

	@Test
	void wsRpcWithoutTheBundleFailsTheHandshakeAgainstTheDefaultTrustStore() throws Exception {
		EmbeddedWsRpcServer server = new EmbeddedWsRpcServer(0).start();
		this.resources.add(server::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, server.port());
		wsRpc(proxy, "pubsub.clients.feed.auto-connect=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertHandshakeFails(context.getBean("feed", WsRpcPubSubClient.class), proxy, UNTRUSTED);
			assertThat(server.metrics().sessions()).isZero();
		});
	}

	// ---- helpers ----

	private TlsTerminatingProxy realtimeBehindTls(String certificate) throws Exception {
		EmbeddedRealtimeGateway gateway = EmbeddedRealtimeGateway.builder().start();
		this.resources.add(gateway::stop);
		this.gateway = gateway;
		return proxy(certificate, gateway.port());
	}

	private TlsTerminatingProxy proxy(String certificate, int backendPort) throws Exception {
		TlsTerminatingProxy proxy = TlsTerminatingProxy.start(certificate, backendPort);
		this.resources.add(0, proxy);
		return proxy;
	}

	private ApplicationContextRunner realtime(TlsTerminatingProxy proxy, String... properties) {
		return runner(RealtimePubSubAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.gateway.type=realtime", "pubsub.clients.gateway.reconnect.enabled=false",
				"pubsub.clients.gateway.realtime.url=wss://127.0.0.1:" + proxy.port(),
				"pubsub.clients.gateway.realtime.app-id=" + this.gateway.appId(),
				"pubsub.clients.gateway.realtime.access-token="
						+ this.gateway.tokens().mint("tls", JwtTestTokens.ALL_TOPICS))
			.withPropertyValues(properties);
	}

	private ApplicationContextRunner realtimeX(TlsTerminatingProxy proxy, String... properties) {
		return runner(RealtimeXAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.rtx.type=realtimex", "pubsub.clients.rtx.reconnect.enabled=false",
					"pubsub.clients.rtx.realtimex.ws-host=127.0.0.1",
					"pubsub.clients.rtx.realtimex.ws-port=" + proxy.port(), "pubsub.clients.rtx.realtimex.api-key=api")
			.withPropertyValues(properties);
	}

	private ApplicationContextRunner wsRpc(TlsTerminatingProxy proxy, String... properties) {
		return runner(WsRpcAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.feed.type=wsrpc", "pubsub.clients.feed.reconnect.enabled=false",
					"pubsub.clients.feed.wsrpc.url=wss://127.0.0.1:" + proxy.port() + EmbeddedWsRpcServer.PATH)
			.withPropertyValues(properties);
	}

	static ApplicationContextRunner runner(Class<?> providerAutoConfiguration) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, PubSubAutoConfiguration.class,
					providerAutoConfiguration));
	}

	/**
	 * Connect once and expect it to fail with the JDK's reason for refusing the server's
	 * certificate somewhere in the failure (the Realtime client reports the transport's failure in
	 * its message, the others keep the SSLHandshakeException as a cause), and the TLS server to
	 * have seen a failed handshake.
	 */
	static void assertHandshakeFails(PubSubClient client, TlsTerminatingProxy proxy, String reason) {
		Throwable failure = catchThrowable(() -> client.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS));
		assertThat(failure).as("connect over TLS").isNotNull();
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause).append('\n');
		}
		assertThat(messages).contains(reason);
		assertThat(client.isConnected()).isFalse();
		await().atMost(WAIT).until(() -> !proxy.failedHandshakes().isEmpty());
		assertThat(proxy.handshakes()).isEmpty();
	}

	static void assertRoundTrip(PubSubClient client, String pattern, Consumer<String> publish) {
		List<PubSubMessage> received = new CopyOnWriteArrayList<>();
		client.subscribe(pattern, received::add);
		String id = UUID.randomUUID().toString();
		// the subscription reaches the gateway asynchronously: publish until the message comes back
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!ids(received).contains(id)) {
				publish.accept(id);
			}
			return ids(received).contains(id);
		});
	}

	static List<String> ids(List<PubSubMessage> messages) {
		return messages.stream().map((message) -> message.payloadAsJson().path("id").asString()).toList();
	}

}
