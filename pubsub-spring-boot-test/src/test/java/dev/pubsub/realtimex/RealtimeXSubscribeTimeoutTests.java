package dev.pubsub.realtimex;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer.ReceivedEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscribe the server does not answer in time, against the embedded RealtimeX server whose reading
 * is suspended ({@code WsSession.suspend()}): the channel is reported and retried, and because the
 * unanswered subscribe may still reach the server, each retry unsubscribes it first; once the server
 * reads again, late answers do not confuse the client, the server holds the channel once and events
 * are delivered once.
 */
class RealtimeXSubscribeTimeoutTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	// no Engine.IO pings while reading is suspended: the test is about the subscribe, not the heartbeat
	private final EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret", 600_000,
			600_000);

	private DefaultRealtimeXClient client;

	@AfterEach
	void stop() {
		if (this.client != null) {
			this.client.destroy();
		}
		this.server.stop();
	}

	@Test
	void anUnansweredSubscribeIsReportedAndRetriedAfterAnUnsubscribe() throws Exception {
		this.server.start();
		ReconnectPolicy fast = new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(200), 2.0, 0.2, -1);
		this.client = new DefaultRealtimeXClient("slow", JsonMapper.builder().build(), fast, Duration.ofMillis(500),
				Duration.ofSeconds(10), DefaultRealtimeXClient.uri("127.0.0.1", this.server.port(), false,
						this.server.path(), "api"),
				null, new StandardWebSocketClient());
		this.client.connect().get(10, TimeUnit.SECONDS);
		String socketId = this.client.socketId();
		List<RealtimeXEvent> errors = new CopyOnWriteArrayList<>();
		this.client.bind("subscription_error", errors::add);
		this.server.faults().suspendReading(true);
		RealtimeXChannel channel = this.client.subscribe("slow-channel");
		await().atMost(WAIT).until(() -> errors.size() >= 2);
		assertThat(errors).allSatisfy((error) -> assertThat(error.data().get("error").asString())
			.contains("No subscription confirmation for 'slow-channel'"));
		assertThat(this.client.unheldSubscriptions()).containsOnlyKeys("slow-channel");
		assertThat(channel.isSubscribed()).isFalse();

		this.server.faults().suspendReading(false);
		await().atMost(WAIT).until(() -> channel.isSubscribed() && this.client.unheldSubscriptions().isEmpty()
				&& this.server.subscribers("slow-channel").contains(socketId));
		// the server read what the client wrote meanwhile: every subscribe after the first one follows an
		// unsubscribe of the unanswered one, and the last frame is a subscribe
		await().atMost(WAIT).until(() -> {
			List<String> frames = frames(socketId);
			return !frames.isEmpty() && frames.get(frames.size() - 1).equals("realtimex:subscribe");
		});
		List<String> frames = frames(socketId);
		assertThat(frames).hasSizeGreaterThanOrEqualTo(3).startsWith("realtimex:subscribe");
		for (int i = 1; i < frames.size(); i++) {
			assertThat(frames.get(i)).as("frame %d of %s", i, frames).isNotEqualTo(frames.get(i - 1));
		}
		List<String> received = new CopyOnWriteArrayList<>();
		channel.bind("e", (event) -> received.add(event.data().get("id").asString()));
		this.server.publish("slow-channel", "e", Map.of("id", "e-1"));
		this.server.publish("slow-channel", "e", Map.of("id", "marker"));
		await().atMost(WAIT).until(() -> received.contains("marker"));
		assertThat(received).containsExactly("e-1", "marker");
		assertThat(this.client.metrics().reconnects()).isZero();
		assertThat(this.client.socketId()).isEqualTo(socketId);
	}

	private List<String> frames(String socketId) {
		return this.server.received()
			.stream()
			.filter((event) -> event.socketId().equals(socketId) && event.event().startsWith("realtimex:")
					&& event.payload().path("channel").asString("").equals("slow-channel"))
			.map(ReceivedEvent::event)
			.toList();
	}

}
