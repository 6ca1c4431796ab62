package dev.pubsub.tls;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.autoconfigure.RealtimeXAutoConfiguration;
import dev.pubsub.realtimex.RealtimeXAuthorizer;
import dev.pubsub.realtimex.RealtimeXChannel;
import dev.pubsub.realtimex.RealtimeXClient;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

import static dev.pubsub.tls.SslBundleWebSocketClientsTests.TRUST_SERVER;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.UNTRUSTED;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code auth-endpoint-ssl.bundle} on the RealtimeX client's auth endpoint calls, over real TLS: the
 * endpoint (a JDK {@link HttpServer} signing with {@link ChannelAuthSigner}) sits behind a
 * {@link TlsTerminatingProxy} with a self-signed certificate only the PEM bundle {@code test}
 * trusts; the RealtimeX connection itself is plain {@code ws://} to the embedded server, which
 * verifies the signatures. With the bundle a private channel is joined; without it (the JVM's
 * default trust store, as before) the authorisation fails, nothing is subscribed and the channel is
 * reported; a bundle that would not be used fails startup.
 */
class SslBundleRealtimeXAuthEndpointTests {

	private final EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret");

	private final ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of("key", "secret"));

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final List<String> asked = new CopyOnWriteArrayList<>();

	private HttpServer endpoint;

	private TlsTerminatingProxy proxy;

	@BeforeEach
	void start() throws Exception {
		this.server.start();
		this.endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.endpoint.createContext("/auth", (exchange) -> {
			JsonNode body = this.jsonMapper.readTree(exchange.getRequestBody().readAllBytes());
			String channel = body.get("channel_name").asString();
			this.asked.add(channel);
			byte[] answer = this.jsonMapper.writeValueAsBytes(
					Map.of("auth", this.signer.sign(body.get("socket_id").asString(), channel, null)));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		this.endpoint.start();
		this.proxy = TlsTerminatingProxy.start(TlsTerminatingProxy.SERVER, this.endpoint.getAddress().getPort());
	}

	@AfterEach
	void stop() throws Exception {
		this.proxy.close();
		this.endpoint.stop(0);
		this.server.stop();
	}

	private ApplicationContextRunner runner(String authEndpoint, String... properties) {
		return SslBundleWebSocketClientsTests.runner(RealtimeXAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.rtx.type=realtimex", "pubsub.clients.rtx.realtimex.ws-host=127.0.0.1",
					"pubsub.clients.rtx.realtimex.ws-port=" + this.server.port(),
					"pubsub.clients.rtx.realtimex.encrypted=false", "pubsub.clients.rtx.realtimex.api-key=api",
					"pubsub.clients.rtx.realtimex.auth-endpoint=" + authEndpoint)
			.withPropertyValues(properties);
	}

	private String httpsEndpoint() {
		return "https://127.0.0.1:" + this.proxy.port() + "/auth";
	}

	@Test
	void theAuthEndpointIsCalledOverTlsWithItsBundle() {
		runner(httpsEndpoint(), "pubsub.clients.rtx.realtimex.auth-endpoint-ssl.bundle=test", TRUST_SERVER)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RealtimeXClient client = context.getBean("rtx", RealtimeXClient.class);
				RealtimeXChannel orders = client.subscribe("private-orders");
				orders.whenSubscribed().get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(this.asked).containsExactly("private-orders");
				assertThat(this.proxy.handshakes()).isNotEmpty();
				assertThat(this.server.subscribers("private-orders")).hasSize(1);
			});
	}

	@Test
	void withoutTheBundleTheJvmTrustStoreRefusesTheEndpointAndTheChannelIsReported() {
		runner(httpsEndpoint(), TRUST_SERVER).run((context) -> {
			assertThat(context).hasNotFailed();
			RealtimeXClient client = context.getBean("rtx", RealtimeXClient.class);
			await().atMost(WAIT).until(client::isConnected);
			RealtimeXChannel orders = client.subscribe("private-orders");
			Throwable failure = catchThrowable(() -> orders.whenSubscribed().get(WAIT.toSeconds(), TimeUnit.SECONDS));
			assertThat(failure).rootCause().hasMessageContaining(UNTRUSTED);
			await().atMost(WAIT).until(() -> !this.proxy.failedHandshakes().isEmpty());
			assertThat(this.asked).isEmpty();
			assertThat(this.server.subscribers("private-orders")).isEmpty();
			assertThat(((dev.pubsub.core.RemoteSubscriptionStatus) client).unheldSubscriptions())
				.containsOnlyKeys("private-orders");
		});
	}

	@Test
	void aBundleForAPlainHttpEndpointFailsStartup() {
		runner("http://127.0.0.1:" + this.endpoint.getAddress().getPort() + "/auth",
				"pubsub.clients.rtx.realtimex.auth-endpoint-ssl.bundle=test", TRUST_SERVER)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.rtx.realtimex.auth-endpoint-ssl.bundle is set")
				.hasMessageContaining("does not use https"));
	}

	@Test
	void aBundleWithoutAnEndpointOrNextToAnAuthorizerBeanFailsStartup() {
		SslBundleWebSocketClientsTests.runner(RealtimeXAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.rtx.type=realtimex", "pubsub.clients.rtx.realtimex.api-key=api",
					"pubsub.clients.rtx.auto-connect=false", "pubsub.clients.rtx.realtimex.auth-endpoint-ssl.bundle=test",
					TRUST_SERVER)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("auth-endpoint is not"));
		RealtimeXAuthorizer bean = (channel, socketId) -> {
			throw new UnsupportedOperationException();
		};
		runner(httpsEndpoint(), "pubsub.clients.rtx.auto-connect=false",
				"pubsub.clients.rtx.realtimex.auth-endpoint-ssl.bundle=test", TRUST_SERVER)
			.withBean(RealtimeXAuthorizer.class, () -> bean)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("a RealtimeXAuthorizer bean replaces the auth endpoint"));
	}

}
