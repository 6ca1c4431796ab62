package dev.pubsub.realtimex;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PublishOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * {@link DefaultRealtimeXClient} against a real socket.io 4.8 server running the RealtimeX events
 * ({@code interop/socketio/realtimex-server.js}).
 */
class RealtimeXNodeInteropTests extends NodeRealtimeXServerTestSupport {

	@BeforeAll
	static void start() throws Exception {
		startServer();
	}

	private final List<DefaultRealtimeXClient> clients = new ArrayList<>();

	@AfterEach
	void closeClients() {
		this.clients.forEach(DefaultRealtimeXClient::destroy);
	}

	private DefaultRealtimeXClient client(RealtimeXAuthorizer authorizer) {
		return client(authorizer, NodeRealtimeXServer.API_KEY);
	}

	private DefaultRealtimeXClient client(RealtimeXAuthorizer authorizer, String apiKey) {
		DefaultRealtimeXClient client = newClient("rx" + this.clients.size(), authorizer, apiKey);
		this.clients.add(client);
		return client;
	}

	private RealtimeXAuthorizer signing(String userId) {
		return new SigningRealtimeXAuthorizer(this.signer, userId, Map.of("name", userId.toUpperCase()),
				this.jsonMapper);
	}

	@Test
	void publicChannelSubscribeIsExactlyTheChannelAndDeliversServerEvents() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		List<RealtimeXEvent> bound = new CopyOnWriteArrayList<>();
		List<RealtimeXEvent> global = new CopyOnWriteArrayList<>();
		List<PubSubMessage> listened = new CopyOnWriteArrayList<>();
		RealtimeXChannel channel = client.subscribe("my-channel");
		channel.bind("my-event", bound::add);
		channel.bindGlobal(global::add);
		client.subscribe("my-channel.*", listened::add);
		client.connect().get(10, TimeUnit.SECONDS);
		channel.whenSubscribed().get(5, TimeUnit.SECONDS);
		assertThat(framesOf(client.socketId(), "realtimex:subscribe"))
			.containsExactly(this.jsonMapper.readTree("{\"channel\":\"my-channel\"}"));
		server.publish("my-channel", "my-event", Map.of("n", 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> bound.size() == 1 && listened.size() == 1);
		assertThat(bound.get(0).data().get("n").asInt()).isEqualTo(1);
		assertThat(listened.get(0).routingKey()).isEqualTo("my-channel.my-event");
		assertThat(listened.get(0).payloadAsJson().get("n").asInt()).isEqualTo(1);
		assertThat(global).extracting(RealtimeXEvent::event).contains("realtimex_internal:subscription_succeeded",
				"my-event");
	}

	@Test
	void privateChannelSendsTheSignatureForTheNamespaceSocketIdAndRelaysClientEvents() throws Exception {
		DefaultRealtimeXClient alice = client(signing("alice"));
		DefaultRealtimeXClient bob = client(signing("bob"));
		alice.connect().get(10, TimeUnit.SECONDS);
		bob.connect().get(10, TimeUnit.SECONDS);
		List<RealtimeXEvent> aliceGot = new CopyOnWriteArrayList<>();
		List<RealtimeXEvent> bobGot = new CopyOnWriteArrayList<>();
		RealtimeXChannel aliceChannel = alice.subscribe("private-chat");
		aliceChannel.bind("client-typing", aliceGot::add);
		bob.subscribe("private-chat").bind("client-typing", bobGot::add);
		aliceChannel.whenSubscribed().get(5, TimeUnit.SECONDS);
		bob.channel("private-chat").whenSubscribed().get(5, TimeUnit.SECONDS);
		JsonNode sent = framesOf(alice.socketId(), "realtimex:subscribe").get(0);
		assertThat(this.signer.verify(sent.get("auth").asString(), alice.socketId(), "private-chat", null)).isTrue();
		aliceChannel.trigger("client-typing", Map.of("user", "John"));
		await().atMost(Duration.ofSeconds(5)).until(() -> bobGot.size() == 1);
		assertThat(bobGot.get(0).data().get("user").asString()).isEqualTo("John");
		assertThat(aliceGot).isEmpty();
		alice.publish("private-chat", Map.of("user", "Ann"), PublishOptions.builder().messageType("client-typing").build())
			.get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> bobGot.size() == 2);
	}

	@Test
	void presenceChannelTracksMembersWithByteIdenticalChannelData() throws Exception {
		DefaultRealtimeXClient alice = client(signing("alice"));
		DefaultRealtimeXClient bob = client(signing("bob"));
		// bound before the subscribe can be answered: subscribed while alice is not connected yet (a
		// binding added after the confirmation arrived does not see it; bound right after a subscribe
		// on a connected client, it lost that race once on a loaded machine)
		List<RealtimeXEvent> aliceEvents = new CopyOnWriteArrayList<>();
		RealtimeXChannel room = alice.subscribe("presence-room");
		room.bindGlobal(aliceEvents::add);
		alice.connect().get(10, TimeUnit.SECONDS);
		bob.connect().get(10, TimeUnit.SECONDS);
		room.whenSubscribed().get(5, TimeUnit.SECONDS);
		JsonNode sent = framesOf(alice.socketId(), "realtimex:subscribe").get(0);
		assertThat(sent.get("channel_data").asString())
			.isEqualTo("{\"user_id\":\"alice\",\"user_info\":{\"name\":\"ALICE\"}}");
		await().atMost(Duration.ofSeconds(5)).until(() -> room.members().containsKey("alice"));
		assertThat(room.me()).isEqualTo("alice");
		bob.subscribe("presence-room").whenSubscribed().get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(5)).until(() -> room.members().containsKey("bob"));
		assertThat(bob.channel("presence-room").members()).containsKeys("alice", "bob");
		bob.disconnect();
		await().atMost(Duration.ofSeconds(5)).until(() -> !room.members().containsKey("bob"));
		assertThat(aliceEvents).extracting(RealtimeXEvent::event).contains("presence:subscription_succeeded",
				"presence:member_added", "presence:member_removed");
	}

	@Test
	void wrongSignatureSurfacesAsEventAndFailedFuture() throws Exception {
		ChannelAuthSigner wrong = new ChannelAuthSigner(ChannelAuthCredentials.of(NodeRealtimeXServer.APP_KEY, "nope"));
		DefaultRealtimeXClient client = client(new SigningRealtimeXAuthorizer(wrong, "x", Map.of(), this.jsonMapper));
		List<RealtimeXEvent> errors = new CopyOnWriteArrayList<>();
		List<RealtimeXEvent> connectionErrors = new CopyOnWriteArrayList<>();
		client.bind("subscription_error", connectionErrors::add);
		client.connect().get(10, TimeUnit.SECONDS);
		RealtimeXChannel channel = client.subscribe("private-secret");
		channel.bind("realtimex_internal:subscription_error", errors::add);
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> channel.whenSubscribed().get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(RealtimeXSubscriptionException.class);
		// reported each time, and retried with the reconnect back-off on the same connection
		await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() >= 2 && connectionErrors.size() >= 2);
		assertThat(client.metrics().reconnects()).isZero();
		assertThat(framesOf(client.socketId(), "realtimex:subscribe")).hasSizeGreaterThanOrEqualTo(2);
		assertThat(client.unheldSubscriptions()).containsOnlyKeys("private-secret");
		assertThat(client.unheldSubscriptions().get("private-secret")).contains("invalid signature");
		assertThat(channel.isSubscribed()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> channel.trigger("client-x", Map.of()));
	}

	@Test
	void clientEventsAreRefusedLocallyOnPublicOrWithWrongNames() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		client.connect().get(10, TimeUnit.SECONDS);
		RealtimeXChannel open = client.subscribe("open");
		RealtimeXChannel closed = client.subscribe("private-x");
		open.whenSubscribed().get(5, TimeUnit.SECONDS);
		closed.whenSubscribed().get(5, TimeUnit.SECONDS);
		assertThatIllegalStateException().isThrownBy(() -> open.trigger("client-a", 1));
		assertThatIllegalArgumentException().isThrownBy(() -> closed.trigger("typing", 1));
		assertThat(framesOf(client.socketId(), "client-event")).isEmpty();
	}

	@Test
	void subscribeBeforeConnectIsSentOnceWithTheRealSocketId() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		RealtimeXChannel channel = client.subscribe("private-early");
		client.connect().get(10, TimeUnit.SECONDS);
		channel.whenSubscribed().get(5, TimeUnit.SECONDS);
		List<JsonNode> sent = framesOf(client.socketId(), "realtimex:subscribe");
		assertThat(sent).hasSize(1);
		assertThat(this.signer.verify(sent.get(0).get("auth").asString(), client.socketId(), "private-early", null))
			.isTrue();
	}

	@Test
	void reconnects20TimesReauthorisingAndResubscribingEveryChannel() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		client.connect().get(10, TimeUnit.SECONDS);
		List<RealtimeXChannel> channels = List.of(client.subscribe("public-r"), client.subscribe("private-r"),
				client.subscribe("presence-r"));
		List<RealtimeXEvent> received = new CopyOnWriteArrayList<>();
		channels.get(1).bind("after", received::add);
		List<String> socketIds = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			for (RealtimeXChannel channel : channels) {
				channel.whenSubscribed().get(5, TimeUnit.SECONDS);
			}
			String socketId = client.socketId();
			socketIds.add(socketId);
			server.kick();
			await().atMost(Duration.ofSeconds(10)).until(() -> client.isConnected() && client.socketId() != null
					&& !client.socketId().equals(socketId) && channels.stream().allMatch(RealtimeXChannel::isSubscribed));
		}
		assertThat(socketIds).doesNotHaveDuplicates();
		String last = client.socketId();
		for (String channel : List.of("private-r", "presence-r")) {
			JsonNode sent = framesOf(last, "realtimex:subscribe").stream()
				.filter((frame) -> frame.get("channel").asString().equals(channel))
				.findFirst()
				.orElseThrow();
			JsonNode data = sent.get("channel_data");
			assertThat(this.signer.verify(sent.get("auth").asString(), last, channel,
					(data != null) ? data.asString() : null)).isTrue();
		}
		// exact: one reconnect per connection the server saw after the first (20 kicks; a heartbeat loss
		// on a loaded machine would add a connection on both sides)
		java.util.Set<String> connections = new java.util.LinkedHashSet<>();
		for (JsonNode frame : server.frames()) {
			if (frame.get("event").asString().equals("realtimex:subscribe")
					&& frame.get("payload").get("channel").asString().equals("public-r")) {
				connections.add(frame.get("socket").asString());
			}
		}
		assertThat(connections).containsAll(socketIds).contains(last);
		assertThat(client.metrics().reconnects()).isEqualTo(connections.size() - 1);
		server.publish("private-r", "after", Map.of());
		await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
	}

	@Test
	void eventsInFlightAreNotDeliveredAndNoReconnectHappensAfterDisconnect() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		DefaultRealtimeXClient witness = client(signing("bob"));
		client.connect().get(10, TimeUnit.SECONDS);
		witness.connect().get(10, TimeUnit.SECONDS);
		String socketId = client.socketId();
		java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
		java.util.concurrent.CountDownLatch disconnected = new java.util.concurrent.CountDownLatch(1);
		List<Integer> received = new CopyOnWriteArrayList<>();
		RealtimeXChannel channel = client.subscribe("quiet");
		channel.bind("e", (event) -> {
			received.add(event.data().get("seq").asInt());
			first.countDown();
			try {
				// hold the callback thread until disconnect() returned: every later event of the burst
				// is then decoded (or still on the wire) and must be dropped
				disconnected.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		List<Integer> seen = new CopyOnWriteArrayList<>();
		RealtimeXChannel witnessChannel = witness.subscribe("quiet");
		witnessChannel.bind("e", (event) -> seen.add(event.data().get("seq").asInt()));
		channel.whenSubscribed().get(5, TimeUnit.SECONDS);
		witnessChannel.whenSubscribed().get(5, TimeUnit.SECONDS);
		// one event-loop turn of the server: all 500 go to both sockets before it can read a disconnect
		server.publishBurst("quiet", "e", 500);
		assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
		client.disconnect();
		disconnected.countDown();
		await().atMost(Duration.ofSeconds(20)).until(seen::size, org.hamcrest.Matchers.greaterThanOrEqualTo(500));
		assertThat(seen).isEqualTo(java.util.stream.IntStream.range(0, 500).boxed().toList());
		assertThat(witness.metrics().reconnects()).as("the witness kept its session through the burst").isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> !server.sockets().containsKey(socketId));
		server.publish("quiet", "e", Map.of("seq", 1000));
		await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains(1000));
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> client.state() == ConnectionState.DISCONNECTED
				&& server.sockets().values().stream().filter((rooms) -> rooms.contains("quiet")).count() == 1);
		assertThat(received).containsExactly(0);
		assertThat(client.metrics().reconnects()).isZero();
	}

	/**
	 * A burst keeps the server's ping queued behind hundreds of events; a client reading slowly (a
	 * loaded machine) must not take the late ping for a dead session and drop what is in flight.
	 */
	@Test
	void bothClientsReceiveEveryEventOfA500BurstExactlyOnce() throws Exception {
		DefaultRealtimeXClient alice = client(signing("alice"));
		DefaultRealtimeXClient bob = client(signing("bob"));
		alice.connect().get(10, TimeUnit.SECONDS);
		bob.connect().get(10, TimeUnit.SECONDS);
		List<Integer> aliceSeqs = new CopyOnWriteArrayList<>();
		List<Integer> bobSeqs = new CopyOnWriteArrayList<>();
		RealtimeXChannel aliceChannel = alice.subscribe("burst");
		RealtimeXChannel bobChannel = bob.subscribe("burst");
		aliceChannel.bind("e", (event) -> aliceSeqs.add(event.data().get("seq").asInt()));
		bobChannel.bind("e", (event) -> bobSeqs.add(event.data().get("seq").asInt()));
		aliceChannel.whenSubscribed().get(5, TimeUnit.SECONDS);
		bobChannel.whenSubscribed().get(5, TimeUnit.SECONDS);
		server.publishBurst("burst", "e", 500);
		// a marker after the burst on the same sockets: once it is in, a late duplicate would be too
		server.publish("burst", "e", Map.of("seq", 1000));
		await().atMost(Duration.ofSeconds(20)).until(() -> aliceSeqs.contains(1000) && bobSeqs.contains(1000));
		List<Integer> expected = new ArrayList<>(java.util.stream.IntStream.range(0, 500).boxed().toList());
		expected.add(1000);
		assertThat(aliceSeqs).isEqualTo(expected);
		assertThat(bobSeqs).isEqualTo(expected);
		assertThat(alice.metrics().reconnects() + bob.metrics().reconnects()).isZero();
	}

	@Test
	void unsubscribeIsSentAndLaterEventsAreIgnored() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		client.connect().get(10, TimeUnit.SECONDS);
		String socketId = client.socketId();
		List<Integer> bound = new CopyOnWriteArrayList<>();
		List<Integer> listened = new CopyOnWriteArrayList<>();
		List<Integer> markers = new CopyOnWriteArrayList<>();
		client.subscribe("leaving.*", (message) -> listened.add(message.payloadAsJson().get("n").asInt()));
		client.subscribe("other.*", (message) -> markers.add(message.payloadAsJson().get("n").asInt()));
		RealtimeXChannel channel = client.subscribe("leaving");
		channel.bind("e", (event) -> bound.add(event.data().get("n").asInt()));
		channel.whenSubscribed().get(5, TimeUnit.SECONDS);
		client.channel("other").whenSubscribed().get(5, TimeUnit.SECONDS);
		server.publish("leaving", "e", Map.of("n", 1));
		await().atMost(Duration.ofSeconds(5)).until(() -> bound.size() == 1 && listened.size() == 1);

		client.unsubscribe("leaving");
		await().atMost(Duration.ofSeconds(5))
			.until(() -> framesOf(socketId, "realtimex:unsubscribe").size() == 1
					&& !server.sockets().get(socketId).contains("leaving"));
		long unrouted = client.metrics().unrouted();
		// the server still sends one to this socket (as when it crosses the unsubscribe on the wire),
		// then a marker on a channel the client kept: same socket, so the first has arrived before it
		server.publishTo(socketId, "leaving", "e", Map.of("n", 2));
		server.publish("other", "marker", Map.of("n", 3));
		await().atMost(Duration.ofSeconds(5)).until(() -> markers.contains(3));
		assertThat(bound).containsExactly(1);
		assertThat(listened).containsExactly(1);
		assertThat(client.metrics().unrouted() - unrouted).as("the later event arrived and was ignored").isEqualTo(1);
		assertThat(client.channel("leaving")).isNull();
	}

	@Test
	void largeFramesArriveInPartsAndAnOversizedOneIsDiscardedCountedAndReported() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		client.setMaxFrameSize(64 * 1024);
		List<Throwable> errors = new CopyOnWriteArrayList<>();
		client.addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.ERROR) {
				errors.add(event.cause());
			}
		});
		List<String> got = new CopyOnWriteArrayList<>();
		client.connect().get(10, TimeUnit.SECONDS);
		RealtimeXChannel channel = client.subscribe("big");
		channel.bind("e", (event) -> got.add(event.data().get("id").asString() + ":"
				+ event.data().path("text").asString("").length()));
		channel.whenSubscribed().get(5, TimeUnit.SECONDS);
		long malformedBefore = client.metrics().malformed();
		// 40,000 characters: five times the 8 KiB container buffer, under the 64 KiB limit
		server.publish("big", "e", Map.of("id", "large", "text", "x".repeat(40_000)));
		await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("large:40000"));
		assertThat(client.framesJoinedFromParts()).as("the large frame was joined from parts").isPositive();
		server.publish("big", "e", Map.of("id", "oversized", "text", "y".repeat(100_000)));
		server.publish("big", "e", Map.of("id", "marker"));
		await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("marker:0"));
		assertThat(got).containsExactly("large:40000", "marker:0");
		assertThat(client.metrics().malformed() - malformedBefore).isEqualTo(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> !errors.isEmpty());
		assertThat(errors).singleElement()
			.isInstanceOf(PubSubProtocolException.class)
			.extracting(Throwable::getMessage)
			.asString()
			.contains("exceeds max-frame-size of 65536 bytes");
		assertThat(client.isConnected()).isTrue();
		assertThat(client.metrics().reconnects()).isZero();
	}

	@Test
	void encryptedChannelsAreRefusedInsteadOfBeingSubscribedAsPlainPrivateChannels() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		client.connect().get(10, TimeUnit.SECONDS);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> client.subscribe("private-encrypted-chat"))
			.withMessageContaining("private-encrypted-");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> client.subscribe("private-encrypted-chat.*", (message) -> { }));
		assertThat(client.channel("private-encrypted-chat")).isNull();
		// the same client subscribes a plain private channel, and only that reached the server
		client.subscribe("private-chat").whenSubscribed().get(5, TimeUnit.SECONDS);
		assertThat(framesOf(client.socketId(), "realtimex:subscribe")).extracting((frame) -> frame.get("channel").asString())
			.containsExactly("private-chat");
	}

	@Test
	void pingIsAnsweredWithPong() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"));
		List<RealtimeXEvent> pongs = new CopyOnWriteArrayList<>();
		client.bind("pong", pongs::add);
		client.connect().get(10, TimeUnit.SECONDS);
		assertThat(client.ping().get(5, TimeUnit.SECONDS).has("time")).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> pongs.size() == 1);
	}

	@Test
	void refusedApiKeyFailsWithoutRetryStorm() throws Exception {
		DefaultRealtimeXClient client = client(signing("alice"), "wrong-key");
		assertThatExceptionOfType(Exception.class).isThrownBy(() -> client.connect().get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(PubSubAuthenticationException.class)
			.withMessageContaining("invalid api_key");
		assertThat(client.state()).isEqualTo(ConnectionState.FAILED);
	}

	@Test
	void failingAuthEndpointSendsNoSubscribeAndReportsAnError() throws Exception {
		HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		endpoint.createContext("/auth", (exchange) -> {
			exchange.sendResponseHeaders(500, -1);
			exchange.close();
		});
		endpoint.start();
		try {
			DefaultRealtimeXClient client = client(new HttpRealtimeXAuthorizer(
					URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/auth"),
					NodeRealtimeXServer.API_KEY, Map.of(), Duration.ofSeconds(2), this.jsonMapper));
			List<RealtimeXEvent> errors = new CopyOnWriteArrayList<>();
			client.bind("subscription_error", errors::add);
			client.connect().get(10, TimeUnit.SECONDS);
			RealtimeXChannel channel = client.subscribe("private-unavailable");
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> channel.whenSubscribed().get(5, TimeUnit.SECONDS))
				.havingCause()
				.isInstanceOf(RealtimeXSubscriptionException.class)
				.withMessageContaining("500");
			// reported each time and retried with the reconnect back-off; never sent to the server
			await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() >= 2);
			assertThat(framesOf(client.socketId(), "realtimex:subscribe")).isEmpty();
			assertThat(client.unheldSubscriptions().get("private-unavailable")).contains("500");
		}
		finally {
			endpoint.stop(0);
		}
	}

	@Test
	void authEndpointGetsJsonWithBearerApiKey() throws Exception {
		List<String> seen = new CopyOnWriteArrayList<>();
		HttpServer endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		endpoint.createContext("/auth", (exchange) -> {
			JsonNode body = this.jsonMapper.readTree(exchange.getRequestBody().readAllBytes());
			seen.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
					+ exchange.getRequestHeaders().getFirst("Content-Type"));
			String auth = this.signer.sign(body.get("socket_id").asString(), body.get("channel_name").asString(), null);
			byte[] response = this.jsonMapper.writeValueAsBytes(Map.of("auth", auth));
			exchange.sendResponseHeaders(200, response.length);
			exchange.getResponseBody().write(response);
			exchange.close();
		});
		endpoint.start();
		try {
			DefaultRealtimeXClient client = client(new HttpRealtimeXAuthorizer(
					URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + "/auth"),
					NodeRealtimeXServer.API_KEY, Map.of(), Duration.ofSeconds(2), this.jsonMapper));
			client.connect().get(10, TimeUnit.SECONDS);
			client.subscribe("private-remote").whenSubscribed().get(5, TimeUnit.SECONDS);
			assertThat(seen).containsExactly("Bearer public-api-key application/json");
		}
		finally {
			endpoint.stop(0);
		}
	}

}
