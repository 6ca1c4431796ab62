package dev.pubsub.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.realtime.AckMode;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Reconnect backoff against an embedded gateway that accepts and then closes at once: the delays
 * keep growing across drops of short-lived connections, start again at the initial delay after a
 * connection that stayed up past {@code stable-after}, and the client gives up after
 * {@code max-attempts} even though connections had been up. Asserts on the recorded events' attempt
 * numbers and {@code delayMillis} (jitter 0), never on wall-clock time.
 */
@ExtendWith(OutputCaptureExtension.class)
class RealtimeReconnectBackoffTests {

	private EmbeddedRealtimeGateway gateway;

	private final List<DefaultRealtimeClient> clients = new CopyOnWriteArrayList<>();

	private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

	/** How many more connections the gateway closes as soon as the client reports them started. */
	private final AtomicInteger closeOnConnect = new AtomicInteger();

	@BeforeEach
	void start() {
		this.gateway = EmbeddedRealtimeGateway.builder().start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach(DefaultRealtimeClient::destroy);
		this.gateway.stop();
	}

	private DefaultRealtimeClient client(String name, ReconnectPolicy policy) {
		DefaultRealtimeClient client = RealtimeClients.client(this.gateway, name, RealtimeClients.all(), policy,
				Duration.ofSeconds(30), new AtomicInteger());
		client.addConnectionListener((event) -> {
			this.events.add(event);
			if (event.type() == ConnectionEventType.CONNECTED && this.closeOnConnect.getAndDecrement() > 0) {
				this.gateway.close(client.connectionInfo().id(), 1011, "going away\r\nFORGED log line");
			}
		});
		this.clients.add(client);
		return client;
	}

	private List<ConnectionEvent> events(ConnectionEventType type) {
		return this.events.stream().filter((event) -> event.type() == type).toList();
	}

	private List<Integer> reconnectAttempts() {
		return events(ConnectionEventType.RECONNECTING).stream().map(ConnectionEvent::attempt).toList();
	}

	private List<Object> reconnectDelays() {
		return events(ConnectionEventType.RECONNECTING).stream().map((event) -> event.details().get("delayMillis"))
			.toList();
	}

	@Test
	void acceptThenCloseIsRetriedWithGrowingDelaysAndEachDropLogsOneSanitizedLine(CapturedOutput output) {
		DefaultRealtimeClient client = client("flapping",
				new ReconnectPolicy(true, Duration.ofMillis(20), Duration.ofMillis(320), 2.0, 0.0, -1));
		this.closeOnConnect.set(6);
		client.connect().join();
		await().atMost(Duration.ofSeconds(30)).until(() -> events(ConnectionEventType.CONNECTED).size() == 7);
		await().until(client::isConnected);
		assertThat(reconnectAttempts()).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(reconnectDelays()).containsExactly(20L, 40L, 80L, 160L, 320L, 320L);
		assertThat(this.gateway.upgradeAttempts()).isEqualTo(7);
		assertThat(events(ConnectionEventType.DISCONNECTED)).hasSize(6)
			.allSatisfy((event) -> assertThat(event.cause()).hasMessageContaining("code 1011"));
		List<String> dropLines = output.getAll().lines()
			.filter((line) -> line.contains("Client 'flapping' lost its connection"))
			.toList();
		assertThat(dropLines).hasSize(6).allSatisfy((line) -> assertThat(line).contains("code 1011")
			.contains("going away\\r\\nFORGED log line").containsPattern("reconnect attempt \\d in \\d+ ms"));
		assertThat(dropLines.get(5)).contains("reconnect attempt 6 in 320 ms");
		assertThat(output.getAll()).doesNotContain("\nFORGED log line");
	}

	@Test
	void aConnectionThatStaysUpPastTheStableWindowStartsTheBackoffAgain() {
		Duration stableAfter = Duration.ofSeconds(3);
		DefaultRealtimeClient client = client("settling",
				new ReconnectPolicy(true, Duration.ofMillis(20), Duration.ofSeconds(1), 2.0, 0.0, -1, stableAfter));
		this.closeOnConnect.set(3);
		client.connect().join();
		await().atMost(Duration.ofSeconds(30)).until(() -> events(ConnectionEventType.CONNECTED).size() == 4);
		assertThat(reconnectAttempts()).containsExactly(1, 2, 3);
		assertThat(reconnectDelays()).containsExactly(20L, 40L, 80L);
		String stableId = client.connectionInfo().id();
		long upSince = System.nanoTime();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> System.nanoTime() - upSince > stableAfter.plusMillis(300).toNanos());
		this.gateway.drop(stableId);
		await().atMost(Duration.ofSeconds(30)).until(() -> events(ConnectionEventType.CONNECTED).size() == 5);
		assertThat(reconnectAttempts()).containsExactly(1, 2, 3, 1);
		assertThat(reconnectDelays()).containsExactly(20L, 40L, 80L, 20L);
		assertThat((Long) events(ConnectionEventType.DISCONNECTED).get(3).details().get("upMillis"))
			.isGreaterThanOrEqualTo(stableAfter.toMillis());
	}

	@Test
	void shortLivedConnectionsUseUpMaxAttemptsAndTheClientGivesUp() {
		DefaultRealtimeClient client = client("exhausted",
				new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(40), 2.0, 0.0, 3));
		this.closeOnConnect.set(Integer.MAX_VALUE);
		client.connect().join();
		await().atMost(Duration.ofSeconds(30)).until(() -> client.state() == ConnectionState.FAILED);
		assertThat(reconnectAttempts()).containsExactly(1, 2, 3);
		assertThat(events(ConnectionEventType.CONNECTED)).hasSize(4);
		await().until(() -> events(ConnectionEventType.ERROR).stream()
			.anyMatch((event) -> Boolean.TRUE.equals(event.details().get("gaveUp"))));
	}

	@Test
	void givingUpAfterMaxAttemptsOnceConnectedFailsWaitersAndEndsFailed() throws Exception {
		DefaultRealtimeClient client = client("gives-up",
				new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(40), 2.0, 0.0, 3));
		client.connect().join();
		this.gateway.setAckMode(AckMode.NONE);
		CompletableFuture<Void> ack = client.publish("t", "x", "m").waitForAck(Duration.ofSeconds(60));
		CompletableFuture<RealtimeReply> reply = client.send("x", "m").waitForReply(Duration.ofSeconds(60));
		this.gateway.refuseNextUpgrades(3);
		this.gateway.drop(client.connectionInfo().id());

		await().atMost(Duration.ofSeconds(30)).until(() -> client.state() == ConnectionState.FAILED);
		assertThat(ack).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PubSubConnectionLostException.class);
		assertThat(reply).failsWithin(Duration.ofSeconds(5))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(PubSubConnectionLostException.class);
		assertThat(client.pendingWaiters()).isZero();
		assertThat(reconnectAttempts()).containsExactly(1, 2, 3);
		await().until(() -> events(ConnectionEventType.ERROR).stream()
			.anyMatch((event) -> Boolean.TRUE.equals(event.details().get("gaveUp"))
					&& event.state() == ConnectionState.FAILED));
		assertThat(this.gateway.refusedUpgrades()).isEqualTo(3);
		assertThatExceptionOfType(PubSubNotConnectedException.class).isThrownBy(() -> client.publish("t", "y", "m"));

		client.connect().join();
		assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
	}

}
