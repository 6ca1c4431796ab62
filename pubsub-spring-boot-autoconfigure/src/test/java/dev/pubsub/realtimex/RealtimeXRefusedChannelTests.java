package dev.pubsub.realtimex;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.autoconfigure.PubSubClientHealthIndicator;
import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channels the server or the authorizer refuses, against the real socket.io server
 * ({@code interop/socketio/realtimex-server.js}): a refusal is reported (channel and connection
 * events, an {@code ERROR} connection event, health) and retried with the reconnect back-off on the
 * same connection and, re-authorised, on the next one, until the channel is held; channels confirmed
 * next to a refused one stay held and are not reported.
 */
class RealtimeXRefusedChannelTests extends NodeRealtimeXServerTestSupport {

	@BeforeAll
	static void start() throws Exception {
		startServer();
	}

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ChannelAuthSigner wrongSigner = new ChannelAuthSigner(
			ChannelAuthCredentials.of(NodeRealtimeXServer.APP_KEY, "not-the-secret"));

	private final List<AutoCloseable> resources = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private DefaultRealtimeXClient client(RealtimeXAuthorizer authorizer) {
		DefaultRealtimeXClient client = newClient("refused", authorizer, NodeRealtimeXServer.API_KEY);
		this.resources.add(client::destroy);
		return client;
	}

	private List<JsonNode> subscribeFrames(String socketId, String channel) throws Exception {
		return framesOf(socketId, "realtimex:subscribe").stream()
			.filter((payload) -> payload.get("channel").asString().equals(channel))
			.toList();
	}

	@Test
	void aChannelTheAuthEndpointRefusesIsReportedAndRetriedOnTheSameConnectionUntilItIsHeld() throws Exception {
		AtomicBoolean refuse = new AtomicBoolean(true);
		List<String> asked = new CopyOnWriteArrayList<>();
		HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		endpoint.createContext("/auth", (exchange) -> {
			JsonNode body = this.jsonMapper.readTree(exchange.getRequestBody().readAllBytes());
			asked.add(body.get("socket_id").asString());
			if (refuse.get()) {
				exchange.sendResponseHeaders(403, -1);
				exchange.close();
				return;
			}
			byte[] answer = this.jsonMapper.writeValueAsBytes(Map.of("auth",
					this.signer.sign(body.get("socket_id").asString(), body.get("channel_name").asString(), null)));
			exchange.sendResponseHeaders(200, answer.length);
			exchange.getResponseBody().write(answer);
			exchange.close();
		});
		endpoint.start();
		this.resources.add(() -> endpoint.stop(0));
		DefaultRealtimeXClient client = client(new HttpRealtimeXAuthorizer(
				URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/auth"),
				NodeRealtimeXServer.API_KEY, Map.of(), Duration.ofSeconds(2), this.jsonMapper));
		List<RealtimeXEvent> channelErrors = new CopyOnWriteArrayList<>();
		List<ConnectionEvent> errorEvents = new CopyOnWriteArrayList<>();
		client.addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.ERROR) {
				errorEvents.add(event);
			}
		});
		client.connect().get(10, TimeUnit.SECONDS);
		String socketId = client.socketId();
		RealtimeXChannel open = client.subscribe("open-next-door");
		RealtimeXChannel flaky = client.subscribe("private-flaky");
		flaky.bind("realtimex_internal:subscription_error", channelErrors::add);
		open.whenSubscribed().get(5, TimeUnit.SECONDS);
		// refused, reported and asked again on the same connection
		await().atMost(WAIT).until(() -> asked.size() >= 3 && channelErrors.size() >= 2);
		assertThat(asked).containsOnly(socketId);
		assertThat(client.metrics().reconnects()).isZero();
		assertThat(errorEvents).isNotEmpty().allSatisfy((event) -> {
			assertThat(event.details()).containsEntry("refusedChannel", "private-flaky");
			assertThat(event.cause()).isInstanceOf(RealtimeXSubscriptionException.class).hasMessageContaining("403");
		});
		assertThat(client.unheldSubscriptions()).containsOnlyKeys("private-flaky");
		assertThat(client.unheldSubscriptions().get("private-flaky")).contains("403");
		Health health = new PubSubClientHealthIndicator(client).health(true);
		assertThat(health.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsKey("unheldSubscriptions");
		assertThat(subscribeFrames(socketId, "private-flaky")).as("nothing is sent for a refused authorisation")
			.isEmpty();

		refuse.set(false);
		await().atMost(WAIT).until(flaky::isSubscribed);
		flaky.whenSubscribed().get(5, TimeUnit.SECONDS);
		assertThat(client.socketId()).isEqualTo(socketId);
		assertThat(client.unheldSubscriptions()).isEmpty();
		assertThat(new PubSubClientHealthIndicator(client).health(true).getStatus()).isEqualTo(Status.UP);
		List<String> received = new CopyOnWriteArrayList<>();
		flaky.bind("after", (event) -> received.add(event.data().get("id").asString()));
		server.publish("private-flaky", "after", Map.of("id", "a-1"));
		await().atMost(WAIT).until(() -> received.contains("a-1"));
		assertThat(client.metrics().reconnects()).isZero();
	}

	@Test
	void aChannelRefusedOnRestoreIsReportedAloneRetriedAndReauthorisedOnTheNextConnection() throws Exception {
		AtomicBoolean wrongSecret = new AtomicBoolean(true);
		List<String> authorised = new CopyOnWriteArrayList<>();
		RealtimeXAuthorizer authorizer = (channel, socketId) -> {
			authorised.add(channel + "@" + socketId);
			// the server refuses private-refused while its signature is made with the wrong secret
			ChannelAuthSigner signing = (channel.equals("private-refused") && wrongSecret.get()) ? this.wrongSigner
					: this.signer;
			return CompletableFuture.completedFuture(new RealtimeXChannelAuth(signing.sign(socketId, channel, null), null));
		};
		DefaultRealtimeXClient client = client(authorizer);
		// subscribed before connecting: the first connection restores all three in one go
		RealtimeXChannel open = client.subscribe("open-restored");
		RealtimeXChannel held = client.subscribe("private-held");
		RealtimeXChannel refused = client.subscribe("private-refused");
		List<RealtimeXEvent> refusals = new CopyOnWriteArrayList<>();
		client.bind("subscription_error", refusals::add);
		client.connect().get(10, TimeUnit.SECONDS);
		String first = client.socketId();
		await().atMost(WAIT).until(() -> open.isSubscribed() && held.isSubscribed() && refusals.size() >= 2
				&& subscribeFrames(first, "private-refused").size() >= 2);
		assertThat(refusals).allSatisfy((event) -> assertThat(event.data().get("channel").asString())
			.isEqualTo("private-refused"));
		assertThat(refused.isSubscribed()).isFalse();
		assertThat(client.unheldSubscriptions()).containsOnlyKeys("private-refused");
		assertThat(client.unheldSubscriptions().get("private-refused")).contains("invalid signature");
		assertThat(open.isSubscribed() && held.isSubscribed()).isTrue();
		assertThat(subscribeFrames(first, "open-restored")).as("a confirmed channel is not subscribed again").hasSize(1);
		assertThat(subscribeFrames(first, "private-held")).hasSize(1);
		List<String> received = new CopyOnWriteArrayList<>();
		open.bind("e", (event) -> received.add(event.data().get("id").asString()));
		server.publish("open-restored", "e", Map.of("id", "o-1"));
		await().atMost(WAIT).until(() -> received.contains("o-1"));

		// still refused on the next connection, authorised again for its socket id, then accepted
		server.kick();
		await().atMost(WAIT).until(() -> client.isConnected() && client.socketId() != null
				&& !client.socketId().equals(first) && open.isSubscribed() && held.isSubscribed());
		String second = client.socketId();
		await().atMost(WAIT).until(() -> !subscribeFrames(second, "private-refused").isEmpty());
		assertThat(client.unheldSubscriptions()).containsOnlyKeys("private-refused");
		wrongSecret.set(false);
		await().atMost(WAIT).until(() -> refused.isSubscribed() && client.unheldSubscriptions().isEmpty());
		assertThat(client.socketId()).isEqualTo(second);
		for (String channel : List.of("private-held", "private-refused")) {
			assertThat(authorised).contains(channel + "@" + second);
			List<JsonNode> sent = subscribeFrames(second, channel);
			JsonNode last = sent.get(sent.size() - 1);
			assertThat(this.signer.verify(last.get("auth").asString(), second, channel, null)).isTrue();
		}
		refused.whenSubscribed().get(5, TimeUnit.SECONDS);
	}

}
