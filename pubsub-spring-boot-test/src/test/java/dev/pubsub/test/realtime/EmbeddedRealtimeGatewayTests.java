package dev.pubsub.test.realtime;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;
import org.springframework.web.socket.CloseStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@link EmbeddedRealtimeGateway} over real sockets with a bare Spring WebSocket client.
 */
class EmbeddedRealtimeGatewayTests {

	private EmbeddedRealtimeGateway gateway;

	@BeforeEach
	void startGateway() {
		this.gateway = EmbeddedRealtimeGateway.builder().appId("app-1").start();
	}

	@AfterEach
	void stopGateway() {
		this.gateway.stop();
	}

	private GatewayTestClient connect(String subject, List<String> permissions) throws Exception {
		return GatewayTestClient.connect(this.gateway.connectUrl(this.gateway.tokens().mint(subject, permissions)));
	}

	private GatewayTestClient connectWithAll(String subject) throws Exception {
		return connect(subject, JwtTestTokens.ALL_TOPICS);
	}

	@Test
	void welcomeIsTheFirstFrameWithAFreshConnectionIdEachTime() throws Exception {
		String token = this.gateway.tokens().mint("u1", JwtTestTokens.ALL_TOPICS);
		try (GatewayTestClient first = GatewayTestClient.connect(this.gateway.connectUrl(token));
				GatewayTestClient second = GatewayTestClient.connect(this.gateway.connectUrl(token))) {
			assertThat(first.connectionId()).isNotBlank().isNotEqualTo(second.connectionId());
			GatewayConnection connection = this.gateway.connection(first.connectionId());
			assertThat(connection).isNotNull();
			assertThat(connection.subject()).isEqualTo("u1");
			assertThat(connection.appId()).isEqualTo("app-1");
			assertThat(this.gateway.connections()).hasSize(2);
		}
	}

	@Test
	void welcomeFrameHasTheDocumentedShape() throws Exception {
		String token = this.gateway.tokens().mint("u1", JwtTestTokens.ALL_TOPICS);
		try (GatewayTestClient client = GatewayTestClient.connect(this.gateway.connectUrl(token))) {
			assertThat(client.welcome().binary()).isFalse();
			assertThat(client.welcome().text()).isEqualTo("{\"topic\":\"main\",\"messageType\":\"welcome\",\"data\":"
					+ "{\"connection\":{\"id\":\"" + client.connectionId() + "\",\"appId\":\"app-1\","
					+ "\"remoteAddress\":\"127.0.0.1\"}}}");
			assertThat(this.gateway.connection(client.connectionId()).remoteAddress()).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void publishFansOutToEverySubscriberIncludingTheSender() throws Exception {
		try (GatewayTestClient sender = connectWithAll("alice"); GatewayTestClient other = connectWithAll("bob");
				GatewayTestClient bystander = connectWithAll("carol")) {
			sender.subscribe("chat");
			other.subscribe("chat");
			await().until(() -> this.gateway.subscribers("chat").size() == 2);
			sender.send("{\"type\":\"publish\",\"data\":{\"topic\":\"chat\",\"messageType\":\"text-message\","
					+ "\"compress\":false,\"payload\":\"Hi\",\"id\":\"9f2c01\"}}");
			String expected = "{\"topic\":\"chat\",\"messageType\":\"text-message\",\"data\":{\"payload\":\"Hi\","
					+ "\"id\":\"9f2c01\",\"client\":{\"connectionId\":\"" + sender.connectionId()
					+ "\",\"subject\":\"alice\",\"permissions\":[\"realtime:publisher:write:topic:*\","
					+ "\"realtime:subscriber:read:topic:*\"]}}}";
			GatewayTestClient.Frame toSender = sender.nextOn("chat", "text-message");
			assertThat(toSender.text()).isEqualTo(expected);
			assertThat(toSender.binary()).isFalse();
			assertThat(other.nextOn("chat", "text-message").text()).isEqualTo(expected);
			assertThat(sender.nextOn("priv/acks", "ack").text())
				.isEqualTo("{\"topic\":\"priv/acks\",\"messageType\":\"ack\",\"data\":{\"data\":\"9f2c01\"}}");
			bystander.subscribe("other");
			await().until(() -> this.gateway.subscribers("other").size() == 1);
			assertThat(bystander.pending()).isZero();
		}
	}

	@Test
	void unsubscribeStopsDeliveries() throws Exception {
		try (GatewayTestClient client = connectWithAll("alice")) {
			client.subscribe("a");
			client.subscribe("b");
			await().until(() -> this.gateway.subscribers("b").size() == 1);
			client.send("{\"type\":\"unsubscribe\",\"data\":{\"topic\":\"a\"}}");
			await().until(() -> this.gateway.subscribers("a").isEmpty());
			assertThat(this.gateway.connection(client.connectionId()).subscriptions()).containsExactly("b");
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"a\",\"payload\":1,\"id\":\"x1\"}}");
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"b\",\"payload\":2,\"id\":\"x2\"}}");
			GatewayTestClient.Frame next = client.next((frame) -> !frame.topic().equals("priv/acks"));
			assertThat(next.topic()).isEqualTo("b");
		}
	}

	@Test
	void missingMessageTypeBecomesBroadcast() throws Exception {
		try (GatewayTestClient client = connectWithAll("alice")) {
			client.subscribe("chat");
			await().until(() -> this.gateway.subscribers("chat").size() == 1);
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"chat\",\"payload\":{\"n\":1.50},\"id\":\"a1\"}}");
			GatewayTestClient.Frame frame = client.nextOn("chat", "broadcast");
			assertThat(frame.text()).contains("\"payload\":{\"n\":1.50}");
		}
	}

	@Test
	void compressedPublishIsDeliveredAsABinaryFrameOfUtf8Json() throws Exception {
		try (GatewayTestClient client = connectWithAll("alice")) {
			client.subscribe("chat");
			await().until(() -> this.gateway.subscribers("chat").size() == 1);
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"chat\",\"messageType\":\"text\",\"compress\":true,"
					+ "\"payload\":\"h\u00e9llo \u2603\",\"id\":\"z1\"}}");
			GatewayTestClient.Frame frame = client.nextOn("chat", "text");
			assertThat(frame.binary()).isTrue();
			assertThat(frame.json().path("data").path("payload").asString()).isEqualTo("h\u00e9llo \u2603");
			assertThat(client.nextOn("priv/acks", "ack").binary()).isFalse();
		}
	}

	@Test
	void sendIsDeliveredOnSecureInboundUnderTheSendersMessageType() throws Exception {
		try (GatewayTestClient backend = connect("backend", List.of(JwtTestTokens.read("secure/inbound")));
				GatewayTestClient user = connect("user", List.of())) {
			backend.subscribe("secure/inbound");
			await().until(() -> this.gateway.subscribers("secure/inbound").size() == 1);
			user.send("{\"type\":\"message\",\"data\":{\"messageType\":\"create\",\"compress\":false,"
					+ "\"payload\":{\"n\":1},\"id\":\"77ab\"}}");
			GatewayTestClient.Frame frame = backend.nextOn("secure/inbound", "create");
			assertThat(frame.text()).isEqualTo("{\"topic\":\"secure/inbound\",\"messageType\":\"create\",\"data\":"
					+ "{\"payload\":{\"n\":1},\"id\":\"77ab\",\"client\":{\"connectionId\":\"" + user.connectionId()
					+ "\",\"subject\":\"user\",\"permissions\":[]}}}");
			assertThat(user.nextOn("priv/acks", "ack").json().path("data").path("data").asString()).isEqualTo("77ab");
			user.send("{\"type\":\"message\",\"data\":{\"payload\":2,\"id\":\"77ac\"}}");
			assertThat(backend.nextOn("secure/inbound", "broadcast").json().path("data").path("payload").asInt())
				.isEqualTo(2);
		}
	}

	@Test
	void replyOnPrivConnectionIdReachesItsOwnerWithoutASubscribe() throws Exception {
		try (GatewayTestClient requester = connectWithAll("requester");
				GatewayTestClient responder = connect("responder",
						List.of(JwtTestTokens.read("secure/inbound"), JwtTestTokens.write("priv/*")));
				GatewayTestClient snoop = connectWithAll("snoop")) {
			responder.subscribe("secure/inbound");
			snoop.subscribe("priv/" + requester.connectionId());
			await().until(() -> this.gateway.subscribers("secure/inbound").size() == 1);
			requester.send("{\"type\":\"message\",\"data\":{\"messageType\":\"ask\",\"payload\":\"q\",\"id\":\"r1\"}}");
			GatewayTestClient.Frame request = responder.nextOn("secure/inbound", "ask");
			String replyTo = request.json().path("data").path("client").path("connectionId").asString();
			responder.send("{\"type\":\"publish\",\"data\":{\"topic\":\"priv/" + replyTo + "\",\"messageType\":"
					+ "\"response\",\"compress\":false,\"payload\":{\"data\":42,\"status\":\"ok\",\"id\":\"r1\"},"
					+ "\"id\":\"r2\"}}");
			GatewayTestClient.Frame reply = requester.nextOn("priv/" + requester.connectionId(), "response");
			assertThat(reply.json().path("data").path("payload").path("data").asInt()).isEqualTo(42);
			assertThat(responder.nextOn("priv/acks", "ack").json().path("data").path("data").asString())
				.isEqualTo("r2");
			assertThat(snoop.pending()).isZero();
		}
	}

	@Test
	void badOrExpiredTokenOrWrongAppIdIsRefusedWith401AtTheUpgrade() throws Exception {
		String good = this.gateway.tokens().mint("u1", JwtTestTokens.ALL_TOPICS);
		String expired = this.gateway.tokens().mint("u1", Duration.ofSeconds(-5), JwtTestTokens.ALL_TOPICS);
		String otherSecret = JwtTestTokens.withSecret("not-the-gateway-secret").mint("u1", JwtTestTokens.ALL_TOPICS);
		String tampered = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA";
		String unsignedNone = "eyJhbGciOiJub25lIn0." + good.split("\\.")[1] + ".";
		for (String url : List.of(this.gateway.connectUrl(expired), this.gateway.connectUrl(otherSecret),
				this.gateway.connectUrl(tampered), this.gateway.connectUrl(unsignedNone),
				this.gateway.url() + "/apps/app-1", this.gateway.url() + "/apps/other-app?access_token=" + good)) {
			assertThat(GatewayTestClient.connectFailure(url)).hasMessageContaining("401");
		}
		assertThat(this.gateway.refusedUpgrades()).isEqualTo(6);
		assertThat(this.gateway.connectionHistory()).isEmpty();
	}

	@Test
	void tokenIsCheckedOnlyAtTheUpgrade() throws Exception {
		AdjustableClock clock = new AdjustableClock();
		try (EmbeddedRealtimeGateway timed = EmbeddedRealtimeGateway.builder().clock(clock).start()) {
			String url = timed.connectUrl(timed.tokens().mint("u1", Duration.ofSeconds(5), JwtTestTokens.ALL_TOPICS));
			try (GatewayTestClient client = GatewayTestClient.connect(url)) {
				clock.advance(Duration.ofSeconds(6));
				assertThat(GatewayTestClient.connectFailure(url)).hasMessageContaining("401");
				client.subscribe("chat");
				client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"chat\",\"payload\":1,\"id\":\"s1\"}}");
				assertThat(client.nextOn("chat", "broadcast")).isNotNull();
			}
		}
	}

	/**
	 * A clock tests move forward by hand.
	 */
	static final class AdjustableClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

	@Test
	void forbiddenSecureSubscribeClosesWith1008AndTheDocumentedReason() throws Exception {
		try (GatewayTestClient client = connect("u1", List.of(JwtTestTokens.read("chat/*")))) {
			client.subscribe("secure/inbound");
			CloseStatus status = client.awaitClose();
			assertThat(status.getCode()).isEqualTo(1008);
			assertThat(status.getReason()).isEqualTo("Subscription to secure topic is forbidden!");
			await().until(() -> this.gateway.connections().isEmpty());
		}
	}

	@Test
	void permissionGlobsGuardSubscribeAndPublish() throws Exception {
		try (GatewayTestClient client = connect("u1",
				List.of(JwtTestTokens.read("chat/*"), JwtTestTokens.write("chat/room-1"), JwtTestTokens.read("news")))) {
			client.subscribe("chat/room-1");
			client.subscribe("chat/room-2");
			client.subscribe("news");
			client.subscribe("sport");
			client.subscribe("chat");
			await().until(() -> this.gateway.connection(client.connectionId()).receivedFrameCount() == 5);
			assertThat(this.gateway.connection(client.connectionId()).subscriptions())
				.containsExactlyInAnyOrder("chat/room-1", "chat/room-2", "news");
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"chat/room-2\",\"payload\":1,\"id\":\"p1\"}}");
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"chat/room-1\",\"payload\":2,\"id\":\"p2\"}}");
			GatewayTestClient.Frame first = client.next();
			assertThat(first.topic()).isEqualTo("chat/room-1");
			assertThat(client.next().json().path("data").path("data").asString()).isEqualTo("p2");
			assertThat(this.gateway.connection(client.connectionId()).rejectedFrameCount()).isEqualTo(3);
		}
	}

	@Test
	void ackModesAndDelay() throws Exception {
		try (GatewayTestClient client = connectWithAll("u1")) {
			client.subscribe("t");
			await().until(() -> this.gateway.subscribers("t").size() == 1);
			this.gateway.setAckMode(AckMode.BEFORE_DELIVERY);
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"t\",\"payload\":1,\"id\":\"b1\"}}");
			assertThat(client.next().topic()).isEqualTo("priv/acks");
			assertThat(client.next().topic()).isEqualTo("t");
			this.gateway.setAckMode(AckMode.NONE);
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"t\",\"payload\":2,\"id\":\"n1\"}}");
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"t\",\"payload\":3,\"id\":\"n2\"}}");
			assertThat(client.next().json().path("data").path("id").asString()).isEqualTo("n1");
			assertThat(client.next().json().path("data").path("id").asString()).isEqualTo("n2");
			this.gateway.setAckMode(AckMode.AFTER_DELIVERY);
			this.gateway.setAckDelay(Duration.ofMillis(1500));
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"t\",\"payload\":4,\"id\":\"d1\"}}");
			assertThat(client.next().json().path("data").path("id").asString()).isEqualTo("d1");
			this.gateway.publish("t", "marker", "after d1");
			assertThat(client.next().messageType()).isEqualTo("marker");
			assertThat(client.next().json().path("data").path("data").asString()).isEqualTo("d1");
		}
	}

	@Test
	void presenceEventsOnConnectAndDisconnect() throws Exception {
		try (GatewayTestClient backend = connect("backend", List.of(JwtTestTokens.read("secure/inbound")))) {
			backend.subscribe("secure/inbound");
			await().until(() -> this.gateway.subscribers("secure/inbound").size() == 1);
			String userId;
			try (GatewayTestClient user = connect("user", List.of())) {
				userId = user.connectionId();
				GatewayTestClient.Frame connected = backend.nextOn("secure/inbound", "presence");
				assertThat(connected.text()).isEqualTo("{\"topic\":\"secure/inbound\",\"messageType\":\"presence\","
						+ "\"data\":{\"client\":{\"connectionId\":\"" + userId + "\",\"subject\":\"user\","
						+ "\"permissions\":[]},\"payload\":{\"status\":\"connected\"}}}");
			}
			GatewayTestClient.Frame disconnected = backend.nextOn("secure/inbound", "presence");
			assertThat(disconnected.json().path("data").path("payload").path("status").asString())
				.isEqualTo("disconnected");
			assertThat(disconnected.json().path("data").path("client").path("connectionId").asString())
				.isEqualTo(userId);
		}
	}

	@Test
	void dropAllKillsConnectionsWithoutACloseFrame() throws Exception {
		try (GatewayTestClient first = connectWithAll("a"); GatewayTestClient second = connectWithAll("b")) {
			first.subscribe("t");
			await().until(() -> this.gateway.subscribers("t").size() == 1);
			assertThat(this.gateway.dropAll()).isEqualTo(2);
			assertThat(first.awaitClose().getCode()).isEqualTo(1006);
			assertThat(second.awaitClose().getCode()).isEqualTo(1006);
			assertThat(this.gateway.connections()).isEmpty();
			assertThat(this.gateway.subscribers("t")).isEmpty();
			assertThat(this.gateway.connection(first.connectionId()).closeStatus().getCode()).isEqualTo(1006);
		}
		try (GatewayTestClient again = connectWithAll("a")) {
			assertThat(this.gateway.connections()).hasSize(1);
		}
	}

	@Test
	void closeWithAChosenCodeAndReason() throws Exception {
		try (GatewayTestClient first = connectWithAll("a"); GatewayTestClient second = connectWithAll("b")) {
			assertThat(this.gateway.close(first.connectionId(), 4001, "go away")).isTrue();
			CloseStatus status = first.awaitClose();
			assertThat(status.getCode()).isEqualTo(4001);
			assertThat(status.getReason()).isEqualTo("go away");
			assertThat(second.isOpen()).isTrue();
			assertThat(this.gateway.closeAll(1000, "bye")).isEqualTo(1);
			assertThat(second.awaitClose()).isEqualTo(new CloseStatus(1000, "bye"));
		}
	}

	@Test
	void refuseNextUpgrades() throws Exception {
		String url = this.gateway.connectUrl(this.gateway.tokens().mint("u1", JwtTestTokens.ALL_TOPICS));
		this.gateway.refuseNextUpgrades(2);
		assertThat(GatewayTestClient.connectFailure(url)).hasMessageContaining("503");
		assertThat(GatewayTestClient.connectFailure(url)).hasMessageContaining("503");
		try (GatewayTestClient client = GatewayTestClient.connect(url)) {
			assertThat(this.gateway.upgradeAttempts()).isEqualTo(3);
		}
	}

	@Test
	void injectedFramesReachConnectionsVerbatim() throws Exception {
		try (GatewayTestClient first = connectWithAll("a"); GatewayTestClient second = connectWithAll("b")) {
			assertThat(this.gateway.injectText(first.connectionId(), "not json")).isTrue();
			assertThat(first.next().text()).isEqualTo("not json");
			assertThat(this.gateway.injectBinaryToAll(new byte[] { (byte) 0xff, 0x00 })).isEqualTo(2);
			assertThat(first.next().binary()).isTrue();
			assertThat(second.next().binary()).isTrue();
			String big = "x".repeat(10 * 1024 * 1024);
			assertThat(this.gateway.injectTextToAll(big)).isEqualTo(2);
			assertThat(first.next().text()).hasSize(big.length());
			assertThat(this.gateway.injectText("no-such-connection", "x")).isFalse();
		}
	}

	@Test
	void framesAreRecordedAndBadFramesAreIgnoredWithoutClosing() throws Exception {
		try (GatewayTestClient client = connectWithAll("a")) {
			client.send("not json");
			client.send("[1,2]");
			client.send("{\"type\":\"launch\",\"data\":{}}");
			client.send("{\"type\":\"publish\"}");
			client.send("{\"type\":\"publish\",\"data\":{\"payload\":1}}");
			client.sendBinary(new byte[] { (byte) 0xc3, 0x28 });
			client.sendBinary("{\"type\":\"subscribe\",\"data\":{\"topic\":\"bin\"}}".getBytes());
			GatewayConnection connection = this.gateway.connection(client.connectionId());
			await().until(() -> connection.receivedFrameCount() == 7);
			assertThat(connection.rejectedFrameCount()).isEqualTo(6);
			assertThat(connection.subscriptions()).containsExactly("bin");
			assertThat(connection.receivedFrames()).extracting(RecordedFrame::text)
				.startsWith("not json", "[1,2]");
			assertThat(connection.receivedFrames().get(5).binary()).isTrue();
			assertThat(client.isOpen()).isTrue();
			assertThat(this.gateway.rejectedFrames()).isEqualTo(6);
		}
	}

	@Test
	void serverSidePublishReachesSubscribers() throws Exception {
		try (GatewayTestClient client = connectWithAll("a")) {
			client.subscribe("news");
			await().until(() -> this.gateway.subscribers("news").size() == 1);
			assertThat(this.gateway.publish("news", "headline", Map.of("title", "hi"))).isEqualTo(1);
			GatewayTestClient.Frame frame = client.nextOn("news", "headline");
			assertThat(frame.json().path("data").path("payload").path("title").asString()).isEqualTo("hi");
			assertThat(frame.json().path("data").path("client").path("connectionId").asString())
				.isEqualTo(EmbeddedRealtimeGateway.SERVER_CONNECTION_ID);
			assertThat(this.gateway.publish("priv/" + client.connectionId(), "response", "x", true)).isEqualTo(1);
			assertThat(client.nextOn("priv/" + client.connectionId(), "response").binary()).isTrue();
		}
	}

	@Test
	void oversizedInboundFrameClosesWith1009WhenTheLimitIsLowered() throws Exception {
		try (EmbeddedRealtimeGateway small = EmbeddedRealtimeGateway.builder()
			.maxFrameSize(DataSize.ofKilobytes(64))
			.start();
				GatewayTestClient client = GatewayTestClient
					.connect(small.connectUrl(small.tokens().mint("u", JwtTestTokens.ALL_TOPICS)))) {
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"t\",\"payload\":\"" + "x".repeat(70_000)
					+ "\"}}");
			assertThat(client.awaitClose().getCode()).isEqualTo(1009);
		}
	}

	@Test
	void tenMebibytePublishPassesTheDefaultLimit() throws Exception {
		try (GatewayTestClient client = connectWithAll("a")) {
			client.subscribe("big");
			await().until(() -> this.gateway.subscribers("big").size() == 1);
			String payload = "y".repeat(10 * 1024 * 1024);
			client.send("{\"type\":\"publish\",\"data\":{\"topic\":\"big\",\"payload\":\"" + payload + "\",\"id\":\"g\"}}");
			assertThat(client.nextOn("big", "broadcast").text()).contains(payload);
		}
	}

	@Test
	void pingsAreAnsweredWithPongs() throws Exception {
		try (GatewayTestClient client = connectWithAll("a")) {
			assertThat(client.ping(new byte[] { 1, 2, 3 })).isEqualTo(ByteBuffer.wrap(new byte[] { 1, 2, 3 }));
		}
	}

	@Test
	void stopClosesConnectionsAndFreesThePort() throws Exception {
		GatewayTestClient client = connectWithAll("a");
		int port = this.gateway.port();
		this.gateway.stop();
		assertThat(client.awaitClose()).isNotNull();
		assertThat(this.gateway.isRunning()).isFalse();
		try (EmbeddedRealtimeGateway again = EmbeddedRealtimeGateway.builder().port(port).start()) {
			assertThat(again.port()).isEqualTo(port);
		}
	}

}
