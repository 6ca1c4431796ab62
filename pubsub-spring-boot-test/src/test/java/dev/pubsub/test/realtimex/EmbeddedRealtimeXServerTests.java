package dev.pubsub.test.realtimex;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.realtimex.DefaultRealtimeXClient;
import dev.pubsub.realtimex.RealtimeXChannel;
import dev.pubsub.realtimex.RealtimeXEvent;
import dev.pubsub.realtimex.RealtimeXSubscriptionException;
import dev.pubsub.realtimex.SigningRealtimeXAuthorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The RealtimeX client against {@link EmbeddedRealtimeXServer}.
 */
class EmbeddedRealtimeXServerTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret", 500, 1000);

	private final List<DefaultRealtimeXClient> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach(DefaultRealtimeXClient::destroy);
		this.server.stop();
	}

	private DefaultRealtimeXClient client(String user, String secret, String apiKey) {
		ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of("key", secret));
		DefaultRealtimeXClient client = new DefaultRealtimeXClient(user, this.jsonMapper,
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5, -1),
				Duration.ofSeconds(3), Duration.ofSeconds(3),
				URI.create(this.server.url() + "?api_key=" + apiKey + "&EIO=4&transport=websocket"),
				new SigningRealtimeXAuthorizer(signer, user, Map.of("name", user), this.jsonMapper),
				new StandardWebSocketClient());
		this.clients.add(client);
		return client;
	}

	private DefaultRealtimeXClient client(String user) {
		return client(user, "secret", "api");
	}

	@Test
	void publicChannelReceivesServerEventsAsBindingsAndMessages() throws Exception {
		DefaultRealtimeXClient client = client("alice");
		client.connect().get(5, TimeUnit.SECONDS);
		List<RealtimeXEvent> events = new CopyOnWriteArrayList<>();
		List<PubSubMessage> messages = new CopyOnWriteArrayList<>();
		client.subscribe("news").bind("update", events::add);
		client.subscribe("news.*", messages::add);
		client.channel("news").whenSubscribed().get(5, TimeUnit.SECONDS);
		this.server.publish("news", "update", Map.of("v", 2));
		await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1 && messages.size() == 1);
		assertThat(messages.get(0).routingKey()).isEqualTo("news.update");
		assertThat(this.server.received().get(0).payload().toString()).isEqualTo("{\"channel\":\"news\"}");
	}

	@Test
	void privateAndPresenceChannelsWithClientEventsAndMembers() throws Exception {
		DefaultRealtimeXClient alice = client("alice");
		DefaultRealtimeXClient bob = client("bob");
		alice.connect().get(5, TimeUnit.SECONDS);
		bob.connect().get(5, TimeUnit.SECONDS);
		List<RealtimeXEvent> bobGot = new CopyOnWriteArrayList<>();
		RealtimeXChannel aliceRoom = alice.subscribe("presence-room");
		aliceRoom.whenSubscribed().get(5, TimeUnit.SECONDS);
		RealtimeXChannel bobRoom = bob.subscribe("presence-room");
		bobRoom.bind("client-hi", bobGot::add);
		bobRoom.whenSubscribed().get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> aliceRoom.members().keySet().equals(java.util.Set.of("alice", "bob")));
		assertThat(this.server.members("presence-room")).containsKeys("alice", "bob");
		aliceRoom.trigger("client-hi", Map.of("x", 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> bobGot.size() == 1);
		bob.unsubscribe("presence-room");
		await().atMost(Duration.ofSeconds(5)).until(() -> !aliceRoom.members().containsKey("bob"));
	}

	@Test
	void wrongSignatureIsRefused() throws Exception {
		DefaultRealtimeXClient mallory = client("mallory", "guessed", "api");
		mallory.connect().get(5, TimeUnit.SECONDS);
		RealtimeXChannel channel = mallory.subscribe("private-vault");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> channel.whenSubscribed().get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(RealtimeXSubscriptionException.class)
			.withMessageContaining("invalid signature");
	}

	@Test
	void wrongApiKeyIsAPermanentFailure() {
		DefaultRealtimeXClient client = client("alice", "secret", "nope");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> client.connect().get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubAuthenticationException.class);
		assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
	}

	@Test
	void kickedClientReconnectsAndResubscribesWithNewSignatures() throws Exception {
		DefaultRealtimeXClient client = client("alice");
		client.connect().get(5, TimeUnit.SECONDS);
		RealtimeXChannel channel = client.subscribe("private-k");
		for (int i = 0; i < 5; i++) {
			channel.whenSubscribed().get(5, TimeUnit.SECONDS);
			String before = client.socketId();
			this.server.kick();
			await().atMost(Duration.ofSeconds(5)).until(() -> channel.isSubscribed() && client.socketId() != null
					&& !client.socketId().equals(before));
		}
		assertThat(this.server.socketIds()).containsExactly(client.socketId());
	}

	@Test
	void missingPingsAreDetectedAndTheClientReconnects() throws Exception {
		DefaultRealtimeXClient client = client("alice");
		client.connect().get(5, TimeUnit.SECONDS);
		String before = client.socketId();
		await().during(Duration.ofMillis(1200)).atMost(Duration.ofSeconds(5)).until(() -> before.equals(client.socketId()));
		this.server.pausePings(true);
		await().atMost(Duration.ofSeconds(5)).until(() -> client.state() != ConnectionState.CONNECTED
				|| !before.equals(client.socketId()));
		this.server.pausePings(false);
		await().atMost(Duration.ofSeconds(5)).until(() -> client.isConnected() && !before.equals(client.socketId()));
	}

	@Test
	void framesAreJoinedFromPartsUpToTheMaxPayloadAndALargerOneClosesTheSocketWith1009() throws Exception {
		DefaultRealtimeXClient alice = client("alice");
		DefaultRealtimeXClient bob = client("bob");
		alice.connect().get(5, TimeUnit.SECONDS);
		bob.connect().get(5, TimeUnit.SECONDS);
		List<String> bobGot = new CopyOnWriteArrayList<>();
		RealtimeXChannel aliceChannel = alice.subscribe("private-big");
		bob.subscribe("private-big").bind("client-big", (event) -> bobGot.add(event.data().get("id").asString() + ":"
				+ event.data().path("text").asString("").length()));
		aliceChannel.whenSubscribed().get(5, TimeUnit.SECONDS);
		bob.channel("private-big").whenSubscribed().get(5, TimeUnit.SECONDS);
		String socketId = alice.socketId();
		// 300,000 characters: far above the container's default read buffer, under maxPayload
		aliceChannel.trigger("client-big", Map.of("id", "large", "text", "x".repeat(300_000)));
		await().atMost(Duration.ofSeconds(10)).until(() -> bobGot.contains("large:300000"));
		aliceChannel.trigger("client-big", Map.of("id", "oversized", "text", "y".repeat(1_000_001)));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> alice.lastError() != null && String.valueOf(alice.lastError().getMessage()).contains("1009"));
		await().atMost(Duration.ofSeconds(10)).until(() -> alice.isConnected() && !socketId.equals(alice.socketId()));
		aliceChannel.whenSubscribed().get(5, TimeUnit.SECONDS);
		aliceChannel.trigger("client-big", Map.of("id", "marker"));
		await().atMost(Duration.ofSeconds(10)).until(() -> bobGot.contains("marker:0"));
		assertThat(bobGot).containsExactly("large:300000", "marker:0");
		assertThat(this.server.received()).filteredOn((event) -> event.event().equals("client-event"))
			.extracting((event) -> event.payload().get("data").get("id").asString())
			.containsExactly("large", "marker");
	}

}
