package dev.pubsub.test.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.PublishReceipt;
import dev.pubsub.emitter.EmitterError;
import dev.pubsub.emitter.EmitterPublishOptions;
import dev.pubsub.emitter.EmitterRequestException;
import dev.pubsub.emitter.PahoEmitterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A QoS 1 publish the broker refuses fails its future, every time: the embedded broker, like the
 * real one, writes the {@code emitter/error/} message before the PUBACK on the same connection, and
 * the client must not report the publish as sent when Paho hands it the PUBACK first.
 */
class EmitterRefusedPublishTests {

	private static final int REFUSED = 200;

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker();

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		this.broker.start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach(PahoEmitterClient::destroy);
		this.broker.stop();
	}

	private PahoEmitterClient connect(String name) throws Exception {
		PahoEmitterClient client = EmbeddedEmitterBrokerTests.client(this.broker, name, null);
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	@Test
	void everyRefusedQos1PublishFailsAndEveryAcceptedOneSucceeds() throws Exception {
		PahoEmitterClient publisher = connect("publisher");
		PahoEmitterClient subscriber = connect("subscriber");
		String readOnly = this.broker.createKey("refused/", "r");
		String writable = this.broker.createKey("refused/", "rw");
		List<String> delivered = new CopyOnWriteArrayList<>();
		EmbeddedEmitterBrokerTests.result(
				subscriber.subscribe(writable, "refused", 0, (message) -> delivered.add(message.asString())));
		List<EmitterError> errors = new CopyOnWriteArrayList<>();
		publisher.onError(errors::add);
		EmitterPublishOptions atLeastOnce = EmitterPublishOptions.defaults().withAtLeastOnce();

		Map<String, CompletableFuture<PublishReceipt>> refused = new LinkedHashMap<>();
		Map<String, CompletableFuture<PublishReceipt>> accepted = new LinkedHashMap<>();
		for (int i = 0; i < REFUSED; i++) {
			refused.put("refused-" + i, publisher.publish(readOnly, "refused", "refused-" + i, atLeastOnce));
			if (i % 10 == 0) {
				accepted.put("accepted-" + i, publisher.publish(writable, "refused", "accepted-" + i, atLeastOnce));
			}
		}

		List<String> reportedAsSent = new ArrayList<>();
		for (Map.Entry<String, CompletableFuture<PublishReceipt>> entry : refused.entrySet()) {
			try {
				entry.getValue().get(10, TimeUnit.SECONDS);
				reportedAsSent.add(entry.getKey());
			}
			catch (ExecutionException ex) {
				assertThat(ex.getCause()).as(entry.getKey()).isInstanceOf(EmitterRequestException.class);
				assertThat(((EmitterRequestException) ex.getCause()).getStatus()).as(entry.getKey()).isEqualTo(401);
			}
		}
		assertThat(reportedAsSent).as("refused publishes reported as sent").isEmpty();
		for (Map.Entry<String, CompletableFuture<PublishReceipt>> entry : accepted.entrySet()) {
			assertThat(entry.getValue().get(10, TimeUnit.SECONDS).acknowledged()).as(entry.getKey()).isTrue();
		}
		EmbeddedEmitterBrokerTests.result(publisher.publish(writable, "refused", "sentinel", atLeastOnce));
		await().atMost(Duration.ofSeconds(10)).until(() -> delivered.contains("sentinel"));
		List<String> expected = new ArrayList<>(accepted.keySet());
		expected.add("sentinel");
		assertThat(delivered).containsExactlyElementsOf(expected);
		await().atMost(Duration.ofSeconds(10)).until(() -> errors.size() >= REFUSED);
		assertThat(errors).hasSize(REFUSED).allSatisfy((error) -> assertThat(error.status()).isEqualTo(401));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> publisher.publish(readOnly, "refused", "last", atLeastOnce).get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(EmitterRequestException.class);
		assertThat(publisher.isConnected()).isTrue();
	}

}
