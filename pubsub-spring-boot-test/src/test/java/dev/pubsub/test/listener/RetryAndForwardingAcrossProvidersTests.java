package dev.pubsub.test.listener;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.listener.retry.DeadLetterPublishingRecoverer;
import dev.pubsub.test.emitter.EmbeddedEmitter;
import dev.pubsub.test.wsrpc.EmbeddedWsRpc;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retry, dead-lettering and {@code @SendTo} across two providers, end to end through embedded
 * servers: Emitter (MQTT) listeners forward their results to, and dead-letter their failures on, a
 * fastapi_websocket_pubsub endpoint, where a second wsrpc client (standing in for a Python client)
 * receives them.
 */
@SpringBootTest(classes = RetryAndForwardingAcrossProvidersTests.Config.class,
		properties = { "pubsub.clients.python.type=wsrpc", "pubsub.clients.python.wsrpc.url=${pubsub.test.wsrpc.url}" })
@EmbeddedEmitter(client = "sensors")
@EmbeddedWsRpc(client = "events")
class RetryAndForwardingAcrossProvidersTests {

	@Autowired
	private EmitterClient sensors;

	@Autowired
	private EmbeddedWsRpcServer wsrpcServer;

	@Autowired
	private Config config;

	@Test
	void sendToRepublishesTheListenersResultOnTheOtherProvider() throws Exception {
		awaitSubscribed("readings");
		String id = UUID.randomUUID().toString();
		this.sensors
			.publish("sensors/kitchen/temp/", new Reading(id, 21.5), PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.config.forwarded.stream().anyMatch((reading) -> reading.id().equals(id)));
		Celsius forwarded = this.config.forwarded.stream().filter((reading) -> reading.id().equals(id)).findFirst().get();
		assertThat(forwarded.room()).isEqualTo("kitchen");
		assertThat(forwarded.celsius()).isEqualTo(21.5);
	}

	@Test
	void aListenerThatAlwaysFailsIsRetriedThenDeadLetteredOnTheOtherProvider() throws Exception {
		awaitSubscribed("dead-letters");
		String id = UUID.randomUUID().toString();
		this.sensors.publish("alarms/kitchen/", new Reading(id, 99.0), PublishOptions.builder().awaitAck(true).build())
			.get(10, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.config.deadLetters.stream()
				.anyMatch((envelope) -> envelope.path("payload").path("id").asString().equals(id)));
		JsonNode envelope = this.config.deadLetters.stream()
			.filter((candidate) -> candidate.path("payload").path("id").asString().equals(id))
			.findFirst()
			.get();
		JsonNode failure = envelope.path("deadLetter");
		assertThat(failure.path("listenerId").asString()).isEqualTo("alarms");
		assertThat(failure.path("client").asString()).isEqualTo("sensors");
		assertThat(failure.path("topic").asString()).isEqualTo("alarms/kitchen/");
		assertThat(failure.path("exception").asString()).isEqualTo(IllegalStateException.class.getName());
		assertThat(failure.path("message").asString()).isEqualTo("alarm sink offline");
		assertThat(failure.path("attempts").asInt()).isEqualTo(3);
		assertThat(this.config.alarmAttempts.get(id).get()).isEqualTo(3);
		// FixedBackOff(10 ms, 2 retries): two intervals, then STOP
		assertThat(this.config.intervals).containsExactly(10L, 10L, BackOffExecution.STOP);
		assertThat(this.sensors.metrics().listenerRetries()).isEqualTo(2);
		// counted once the recoverer returned, which may be after the dead letter arrived
		await().until(() -> this.sensors.metrics().listenerRecoveries() == 1);
	}

	private void awaitSubscribed(String topic) {
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.sensors.isConnected() && this.wsrpcServer.notifier().subscriberCount(topic) == 1);
	}

	record Reading(String id, double value) {
	}

	record Celsius(String id, String room, double celsius) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<Celsius> forwarded = new CopyOnWriteArrayList<>();

		final List<JsonNode> deadLetters = new CopyOnWriteArrayList<>();

		final Map<String, AtomicInteger> alarmAttempts = new ConcurrentHashMap<>();

		final List<Long> intervals = new CopyOnWriteArrayList<>();

		@Bean
		RetryPolicy alarmRetry() {
			BackOff fixed = new FixedBackOff(10, 2);
			BackOff recording = () -> {
				BackOffExecution execution = fixed.start();
				return () -> {
					long next = execution.nextBackOff();
					this.intervals.add(next);
					return next;
				};
			};
			return RetryPolicy.builder().backOff(recording).build();
		}

		@Bean
		DeadLetterPublishingRecoverer deadLetters(@Qualifier("events") PubSubClient events) {
			return new DeadLetterPublishingRecoverer(events, (message, failure) -> "dead-letters");
		}

		// Emitter in, fastapi_websocket_pubsub out
		@PubSubListener(value = "sensors/+/temp/", client = "sensors")
		@SendTo("events:readings")
		Celsius onTemperature(Reading reading, PubSubMessage message) {
			return new Celsius(reading.id(), message.topic().split("/")[1], reading.value());
		}

		@PubSubListener(id = "alarms", value = "alarms/+/", client = "sensors", retryPolicy = "alarmRetry",
				recoverer = "deadLetters")
		void onAlarm(Reading reading) {
			this.alarmAttempts.computeIfAbsent(reading.id(), (id) -> new AtomicInteger()).incrementAndGet();
			throw new IllegalStateException("alarm sink offline");
		}

		// the other side: a wsrpc client, as a Python client would be
		@PubSubListener(value = "readings", client = "python")
		void onForwarded(Celsius reading) {
			this.forwarded.add(reading);
		}

		@PubSubListener(value = "dead-letters", client = "python")
		void onDeadLetter(JsonNode envelope) {
			this.deadLetters.add(envelope);
		}

	}

}
