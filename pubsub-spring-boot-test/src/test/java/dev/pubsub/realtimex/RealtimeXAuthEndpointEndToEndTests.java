package dev.pubsub.realtimex;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimeXAutoConfiguration;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configured client with {@code auth-endpoint}, end to end: a real HTTP endpoint (a JDK
 * {@link HttpServer} signing with {@link ChannelAuthSigner}) answers the client's auth requests, and
 * the client joins private and presence channels of the embedded RealtimeX server, which verifies
 * the signatures. Also how {@code auth-headers} and the api key reach the endpoint, and the order
 * a {@link RealtimeXAuthorizer} bean, the endpoint, then local signing.
 */
class RealtimeXAuthEndpointEndToEndTests {

	private final EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret");

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of("key", "secret"));

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private HttpServer endpoint;

	@BeforeEach
	void start() throws Exception {
		this.server.start();
		this.endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.endpoint.createContext("/auth", (exchange) -> {
			JsonNode body = this.jsonMapper.readTree(exchange.getRequestBody().readAllBytes());
			this.requests.add(new Request(exchange.getRequestMethod(),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("Authorization"),
					exchange.getRequestHeaders().getFirst("X-Session"), body));
			String socketId = body.get("socket_id").asString();
			String channel = body.get("channel_name").asString();
			String channelData = channel.startsWith("presence-") ? "{\"user_id\":\"endpoint-user\"}" : null;
			Map<String, String> answer = new java.util.LinkedHashMap<>();
			answer.put("auth", this.signer.sign(socketId, channel, channelData));
			if (channelData != null) {
				answer.put("channel_data", channelData);
			}
			byte[] response = this.jsonMapper.writeValueAsBytes(answer);
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
			exchange.close();
		});
		this.endpoint.start();
	}

	@AfterEach
	void stop() {
		this.endpoint.stop(0);
		this.server.stop();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimeXAutoConfiguration.class))
			.withPropertyValues("pubsub.clients.rtx.type=realtimex", "pubsub.clients.rtx.realtimex.ws-host=127.0.0.1",
					"pubsub.clients.rtx.realtimex.ws-port=" + this.server.port(),
					"pubsub.clients.rtx.realtimex.encrypted=false", "pubsub.clients.rtx.realtimex.api-key=api",
					"pubsub.clients.rtx.realtimex.auth-endpoint=http://127.0.0.1:" + this.endpoint.getAddress().getPort()
							+ "/auth");
	}

	@Test
	void authEndpointSignsPrivateAndPresenceJoinsWithTheApiKeyAndConfiguredHeaders() {
		// local signing is configured too, with a wrong secret: the endpoint must win over it
		runner().withPropertyValues("pubsub.clients.rtx.realtimex.auth-headers.X-Session=abc",
				"pubsub.clients.rtx.realtimex.app-key=key", "pubsub.clients.rtx.realtimex.app-secret=wrong")
			.run((context) -> {
				RealtimeXClient client = context.getBean(RealtimeXClient.class);
				RealtimeXChannel orders = client.subscribe("private-orders");
				RealtimeXChannel room = client.subscribe("presence-room");
				orders.whenSubscribed().get(10, java.util.concurrent.TimeUnit.SECONDS);
				room.whenSubscribed().get(10, java.util.concurrent.TimeUnit.SECONDS);
				String socketId = client.socketId();
				assertThat(this.requests).extracting(Request::channel)
					.containsExactlyInAnyOrder("private-orders", "presence-room");
				assertThat(this.requests).allSatisfy((request) -> {
					assertThat(request.method()).isEqualTo("POST");
					assertThat(request.contentType()).isEqualTo("application/json");
					assertThat(request.authorization()).isEqualTo("Bearer api");
					assertThat(request.session()).isEqualTo("abc");
					assertThat(request.body().get("socket_id").asString()).isEqualTo(socketId);
				});
				assertThat(this.server.members("presence-room")).containsOnlyKeys("endpoint-user");
				assertThat(room.me()).isEqualTo("endpoint-user");
				List<String> received = new CopyOnWriteArrayList<>();
				orders.bind("created", (event) -> received.add(event.data().get("id").asString()));
				this.server.publish("private-orders", "created", Map.of("id", "o-1"));
				await().until(() -> received.contains("o-1"));
			});
	}

	@Test
	void anAuthorizationAuthHeaderReplacesTheApiKey() {
		runner().withPropertyValues("pubsub.clients.rtx.realtimex.auth-headers.Authorization=Bearer user-session")
			.run((context) -> {
				RealtimeXClient client = context.getBean(RealtimeXClient.class);
				client.subscribe("private-orders").whenSubscribed().get(10, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(this.requests).singleElement()
					.extracting(Request::authorization)
					.isEqualTo("Bearer user-session");
			});
	}

	@Test
	void anAuthorizerBeanWinsOverTheEndpoint() {
		List<String> asked = new CopyOnWriteArrayList<>();
		RealtimeXAuthorizer bean = (channel, socketId) -> {
			asked.add(channel);
			return CompletableFuture.completedFuture(new RealtimeXChannelAuth(this.signer.sign(socketId, channel, null), null));
		};
		runner().withBean(RealtimeXAuthorizer.class, () -> bean).run((context) -> {
			RealtimeXClient client = context.getBean(RealtimeXClient.class);
			client.subscribe("private-orders").whenSubscribed().get(10, java.util.concurrent.TimeUnit.SECONDS);
			assertThat(asked).containsExactly("private-orders");
			assertThat(this.requests).isEmpty();
		});
	}

	@Test
	void localSigningIsUsedWithoutBeanOrEndpoint() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimeXAutoConfiguration.class))
			.withPropertyValues("pubsub.clients.rtx.type=realtimex", "pubsub.clients.rtx.realtimex.ws-host=127.0.0.1",
					"pubsub.clients.rtx.realtimex.ws-port=" + this.server.port(),
					"pubsub.clients.rtx.realtimex.encrypted=false", "pubsub.clients.rtx.realtimex.api-key=api",
					"pubsub.clients.rtx.realtimex.app-key=key", "pubsub.clients.rtx.realtimex.app-secret=secret")
			.run((context) -> {
				RealtimeXClient client = context.getBean(RealtimeXClient.class);
				client.subscribe("private-orders").whenSubscribed().get(10, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(this.requests).isEmpty();
			});
	}

	record Request(String method, String contentType, String authorization, String session, JsonNode body) {

		String channel() {
			return this.body.get("channel_name").asString();
		}

	}

}
