package dev.pubsub.test.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.emitter.EmitterPublishOptions;
import dev.pubsub.emitter.PahoEmitterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restarts the broker 20 times while a client publishes a stream at QoS 1 and listens to it on
 * three subscriptions: after each restart every subscription is back, and every publish the
 * broker acknowledged was delivered once to each subscription.
 */
class EmitterBrokerRestartTests {

	private static final int RESTARTS = 20;

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker();

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	@AfterEach
	void stop() {
		this.clients.forEach(PahoEmitterClient::destroy);
		this.broker.stop();
	}

	@Test
	void everyAcknowledgedPublishIsDeliveredAcrossTwentyRestarts() throws Exception {
		this.broker.start();
		String key = this.broker.createKey("stream/#/", "rw");
		PahoEmitterClient client = EmbeddedEmitterBrokerTests.client(this.broker, "stream", null);
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);

		List<Set<String>> received = List.of(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
				ConcurrentHashMap.newKeySet());
		AtomicInteger duplicates = new AtomicInteger();
		String[] channels = { "stream/a", "stream/+", "stream" };
		for (int i = 0; i < channels.length; i++) {
			Set<String> target = received.get(i);
			EmbeddedEmitterBrokerTests.result(client.subscribe(key, channels[i], 0, (message) -> {
				if (!target.add(message.asString())) {
					duplicates.incrementAndGet();
				}
			}));
		}

		Set<String> acknowledged = ConcurrentHashMap.newKeySet();
		ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
		AtomicInteger failedWhileDown = new AtomicInteger();
		AtomicBoolean running = new AtomicBoolean(true);
		Thread publisher = new Thread(() -> {
			int sequence = 0;
			List<CompletableFuture<?>> window = new ArrayList<>();
			while (running.get()) {
				String id = "m" + sequence++;
				window.add(client.publish(key, "stream/a", id, EmitterPublishOptions.defaults().withAtLeastOnce())
					.whenComplete((receipt, ex) -> {
						if (ex == null) {
							acknowledged.add(id);
						}
						else if (ex instanceof PubSubConnectionLostException || ex instanceof PubSubNotConnectedException) {
							failedWhileDown.incrementAndGet();
						}
						else {
							unexpected.add(ex);
						}
					}));
				if (window.size() == 50) {
					CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
					window.clear();
				}
			}
			CompletableFuture.allOf(window.toArray(CompletableFuture[]::new)).exceptionally((ex) -> null).join();
		}, "restart-test-publisher");
		publisher.start();

		for (int restart = 1; restart <= RESTARTS; restart++) {
			int before = acknowledged.size();
			await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > before + 20);
			this.broker.stop();
			this.broker.start();
			long reconnects = restart;
			await().atMost(Duration.ofSeconds(10))
				.until(() -> client.isConnected() && client.metrics().reconnects() >= reconnects);
		}
		int before = acknowledged.size();
		await().atMost(Duration.ofSeconds(10)).until(() -> acknowledged.size() > before + 20);
		running.set(false);
		publisher.join(10_000);

		assertThat(unexpected).isEmpty();
		assertThat(client.metrics().reconnects()).isEqualTo(RESTARTS);
		assertThat(acknowledged).hasSizeGreaterThan(RESTARTS * 20);
		for (int i = 0; i < received.size(); i++) {
			Set<String> subscription = received.get(i);
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> subscription.containsAll(acknowledged));
			}
			catch (org.awaitility.core.ConditionTimeoutException ex) {
				Set<String> missing = new java.util.TreeSet<>(acknowledged);
				missing.removeAll(subscription);
				throw new AssertionError("Subscription '" + channels[i] + "' misses " + missing.size() + " of "
						+ acknowledged.size() + " acknowledged messages: " + missing.stream().limit(20).toList());
			}
		}
		assertThat(duplicates).hasValue(0);
		assertThat(client.metrics().dropped()).isZero();
	}

}
