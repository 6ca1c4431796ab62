package dev.pubsub.realtime;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway that sends 10,000 garbage frames: every one is counted, the log gets at most a few
 * lines (rate-limited, with the suppressed count), control characters from the network are escaped,
 * and the connection keeps delivering.
 */
@ExtendWith(OutputCaptureExtension.class)
class RealtimeHostileFramesTests {

	private static final int GARBAGE = 10_000;

	private EmbeddedRealtimeGateway gateway;

	private DefaultRealtimeClient client;

	@BeforeEach
	void start() {
		this.gateway = EmbeddedRealtimeGateway.builder().start();
		this.client = RealtimeClients.client(this.gateway, "hostile", RealtimeClients.all());
	}

	@AfterEach
	void stop() {
		this.client.destroy();
		this.gateway.stop();
	}

	@Test
	void tenThousandGarbageFramesAreCountedExactlyAndLoggedInAFewLines(CapturedOutput output) {
		Set<String> received = ConcurrentHashMap.newKeySet();
		this.client.subscribe("news.*", (message) -> received.add(message.asString()));
		this.client.connect().join();
		String id = this.client.connectionInfo().id();
		await().until(() -> this.gateway.subscribers("news").contains(id));
		for (int i = 0; i < GARBAGE; i++) {
			assertThat(this.gateway.injectText(id, "not json " + i + "\r\nFORGED")).isTrue();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.client.metrics().malformed() >= GARBAGE);
		this.gateway.publish("news", "item", "still-here");
		await().until(() -> received.contains("still-here"));
		assertThat(this.client.metrics().malformed()).isEqualTo(GARBAGE);
		assertThat(this.client.isConnected()).isTrue();
		long lines = output.getAll().lines().filter((line) -> line.contains("'hostile' skipped a frame")).count();
		assertThat(lines).isBetween(1L, 5L);
		assertThat(output.getAll()).doesNotContain("\nFORGED");
	}

	@Test
	void aSlowConnectionListenerDoesNotLetGarbageFramesGrowTheEventQueue() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger errorEvents = new AtomicInteger();
		this.client.addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.ERROR) {
				errorEvents.incrementAndGet();
				try {
					release.await();
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		});
		this.client.subscribe("news.*", (message) -> {
		});
		this.client.connect().join();
		String id = this.client.connectionInfo().id();
		await().until(() -> this.gateway.subscribers("news").contains(id));
		for (int i = 0; i < GARBAGE; i++) {
			assertThat(this.gateway.injectText(id, "not json " + i)).isTrue();
		}
		await().atMost(Duration.ofSeconds(60)).until(() -> this.client.metrics().malformed() >= GARBAGE);
		// The listener holds the first event; 1,000 (that one included) are accepted, the rest dropped.
		assertThat(this.client.droppedErrorEvents())
			.isEqualTo(GARBAGE - AbstractPubSubClient.MAX_PENDING_ERROR_EVENTS);
		release.countDown();
		await().until(() -> errorEvents.get() == AbstractPubSubClient.MAX_PENDING_ERROR_EVENTS);
		assertThat(this.client.droppedErrorEvents())
			.isEqualTo(GARBAGE - AbstractPubSubClient.MAX_PENDING_ERROR_EVENTS);
	}

}
