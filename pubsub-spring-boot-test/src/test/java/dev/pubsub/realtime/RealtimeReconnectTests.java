package dev.pubsub.realtime;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway drops the connection 20 times while a publisher streams: after every reconnect each
 * subscription is restored before the session is reported started, and no message published after
 * the resubscribe completed is lost.
 */
class RealtimeReconnectTests {

	private static final int DROPS = 20;

	private static final int BATCH = 50;

	private EmbeddedRealtimeGateway gateway;

	private final List<DefaultRealtimeClient> clients = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		this.gateway = EmbeddedRealtimeGateway.builder().start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach(DefaultRealtimeClient::destroy);
		this.gateway.stop();
	}

	@Test
	void twentyDropsDuringAStreamLoseNothingPublishedAfterTheResubscribe() throws Exception {
		DefaultRealtimeClient subscriber = RealtimeClients.client(this.gateway, "subscriber", RealtimeClients.all());
		DefaultRealtimeClient publisher = RealtimeClients.client(this.gateway, "publisher", RealtimeClients.all());
		this.clients.add(subscriber);
		this.clients.add(publisher);
		Set<String> received = ConcurrentHashMap.newKeySet();
		Set<String> otherTopic = ConcurrentHashMap.newKeySet();
		subscriber.subscribe("stream.tick", (message) -> received.add(message.asString()));
		subscriber.subscribe("other.*", (message) -> otherTopic.add(message.asString()));
		subscriber.subscribeRemoteTopic("explicit");
		AtomicInteger connectedEvents = new AtomicInteger();
		subscriber.addConnectionListener((event) -> {
			if (event.type() == ConnectionEventType.CONNECTED) {
				connectedEvents.incrementAndGet();
			}
		});
		subscriber.connect().join();
		publisher.connect().join();

		AtomicBoolean streaming = new AtomicBoolean(true);
		AtomicInteger noise = new AtomicInteger();
		Thread background = new Thread(() -> {
			while (streaming.get()) {
				publisher.publish("stream", "noise-" + noise.incrementAndGet(),
						PublishOptions.builder().messageType("noise").build());
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
			}
		});
		background.start();
		List<String> mustArrive = new CopyOnWriteArrayList<>();
		try {
			for (int drop = 0; drop <= DROPS; drop++) {
				String connectionId = awaitRestored(subscriber);
				for (int i = 0; i < BATCH; i++) {
					String tick = drop + ":" + i;
					mustArrive.add(tick);
					publisher.publish("stream", tick, "tick");
					this.gateway.publish("other", "event", tick);
				}
				await().atMost(Duration.ofSeconds(10)).until(() -> received.containsAll(mustArrive));
				if (drop < DROPS) {
					this.gateway.drop(connectionId);
					await().until(() -> !subscriber.isConnected() || !connectionId.equals(subscriber.connectionInfo().id()));
				}
			}
		}
		finally {
			streaming.set(false);
			background.join();
		}
		assertThat(received).containsAll(mustArrive);
		assertThat(otherTopic).containsAll(mustArrive);
		assertThat(subscriber.metrics().reconnects()).isEqualTo(DROPS);
		await().until(() -> connectedEvents.get() == DROPS + 1);
		assertThat(subscriber.remoteTopics()).containsExactlyInAnyOrder("stream", "other", "explicit");
		assertThat(noise.get()).isPositive();
	}

	private String awaitRestored(DefaultRealtimeClient subscriber) {
		await().atMost(Duration.ofSeconds(10)).until(subscriber::isConnected);
		String id = subscriber.connectionInfo().id();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.gateway.subscribers("stream").contains(id) && this.gateway.subscribers("other").contains(id)
					&& this.gateway.subscribers("explicit").contains(id));
		return id;
	}

}
