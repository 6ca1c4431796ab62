package dev.pubsub.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.messaging.handler.annotation.SendTo;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubClientMetricsBinder;
import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.listener.retry.DeadLetterPublishingRecoverer;
import dev.pubsub.listener.retry.LoggingPubSubRecoverer;
import dev.pubsub.listener.retry.PubSubRecoverer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for listener retry, recovery and {@code @SendTo} forwarding, on in-process clients: the
 * back-off intervals are asserted through a recording {@link BackOffExecution}, never wall time.
 */
class PubSubListenerRetryTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class));

	@Test
	void aListenerThatFailsTwiceIsRetriedWithTheConfiguredBackOffThenSucceeds() {
		this.contextRunner.withUserConfiguration(Clients.class, FlakyListener.class, RecordingRetry.class)
			.run((context) -> {
				RecordingClient client = context.getBean("gateway", RecordingClient.class);
				FlakyListener listener = context.getBean(FlakyListener.class);
				RecordingBackOff backOff = context.getBean(RecordingBackOff.class);
				Recoveries recoveries = context.getBean(Recoveries.class);
				client.deliver("jobs", "run", "\"j-1\"", Map.of(PubSubHeaders.MESSAGE_ID, "j-1"));
				await().until(() -> listener.succeeded.contains("j-1"));
				assertThat(listener.attempts.get()).isEqualTo(3);
				// ExponentialBackOff(20 ms, x3): the two retries waited 20 then 60 ms
				assertThat(backOff.intervals).containsExactly(20L, 60L);
				assertThat(client.metrics().listenerRetries()).isEqualTo(2);
				assertThat(client.metrics().listenerErrors()).isEqualTo(2);
				assertThat(client.metrics().listenerRecoveries()).isZero();
				assertThat(recoveries.recovered).isEmpty();
			});
	}

	@Test
	void aListenerThatAlwaysFailsIsRetriedMaxAttemptsTimesFromPropertiesThenRecovered() {
		this.contextRunner.withUserConfiguration(Clients.class, FailingListener.class, RecordingRecoverer.class)
			.withPropertyValues("pubsub.listener.retry.max-attempts=4", "pubsub.listener.retry.initial-interval=5ms",
					"pubsub.listener.retry.multiplier=2", "pubsub.listener.retry.max-interval=15ms")
			.run((context) -> {
				PubSubListenerContainerFactory factory = context.getBean(PubSubListenerContainerFactory.class);
				BackOffExecution execution = factory.getRetryPolicy().getBackOff().start();
				assertThat(List.of(execution.nextBackOff(), execution.nextBackOff(), execution.nextBackOff(),
						execution.nextBackOff())).containsExactly(5L, 10L, 15L, BackOffExecution.STOP);
				RecordingClient client = context.getBean("gateway", RecordingClient.class);
				FailingListener listener = context.getBean(FailingListener.class);
				Recoveries recoveries = context.getBean(Recoveries.class);
				client.deliver("jobs", "run", "\"j-2\"", Map.of(PubSubHeaders.MESSAGE_ID, "j-2"));
				await().until(() -> recoveries.recovered.contains("j-2 after 4"));
				assertThat(listener.attempts.get()).isEqualTo(4);
				assertThat(recoveries.failures.get(0)).isInstanceOf(PubSubListenerExecutionFailedException.class)
					.hasRootCauseInstanceOf(IllegalStateException.class);
				assertThat(client.metrics().listenerRetries()).isEqualTo(3);
				// the recoverer returned before the counter moves: wait for it
				await().until(() -> client.metrics().listenerRecoveries() == 1);
			});
	}

	@Test
	void notRetryableExceptionsAndConversionFailuresGoStraightToTheRecoverer() {
		this.contextRunner
			.withUserConfiguration(Clients.class, FailingListener.class, TypedListener.class, RecordingRecoverer.class)
			.withPropertyValues("pubsub.listener.retry.max-attempts=5", "pubsub.listener.retry.initial-interval=5ms",
					"pubsub.listener.retry.not-retryable=java.lang.IllegalArgumentException")
			.run((context) -> {
				RecordingClient client = context.getBean("gateway", RecordingClient.class);
				FailingListener listener = context.getBean(FailingListener.class);
				Recoveries recoveries = context.getBean(Recoveries.class);
				client.deliver("bad", "run", "\"b-1\"", Map.of(PubSubHeaders.MESSAGE_ID, "b-1"));
				client.deliver("orders", "created", "not json", Map.of(PubSubHeaders.MESSAGE_ID, "o-1"));
				await().until(() -> recoveries.recovered.containsAll(List.of("b-1 after 1", "o-1 after 1")));
				assertThat(listener.badAttempts.get()).isEqualTo(1);
				assertThat(context.getBean(TypedListener.class).received).isEmpty();
				assertThat(client.metrics().listenerRetries()).isZero();
				// the recoverer returned before the counter moves: wait for it
				await().until(() -> client.metrics().listenerRecoveries() == 2);
			});
	}

	@Test
	void aMessageWaitingForItsNextAttemptGoesToTheRecovererWhenTheContainerStops() {
		this.contextRunner.withUserConfiguration(Clients.class, FailingListener.class, RecordingRecoverer.class)
			.withPropertyValues("pubsub.listener.retry.max-attempts=3", "pubsub.listener.retry.initial-interval=1h",
					"pubsub.listener.retry.max-interval=1h")
			.run((context) -> {
				RecordingClient client = context.getBean("gateway", RecordingClient.class);
				FailingListener listener = context.getBean(FailingListener.class);
				Recoveries recoveries = context.getBean(Recoveries.class);
				client.deliver("jobs", "run", "\"j-3\"", Map.of(PubSubHeaders.MESSAGE_ID, "j-3"));
				await().until(() -> listener.attempts.get() == 1);
				context.getBean(PubSubListenerEndpointRegistry.class).getListenerContainer("failing").stop();
				// the back-off is an hour: only the stop can have ended it
				await().atMost(AwaitLimit.atMost(Duration.ofSeconds(20))).until(() -> recoveries.recovered.contains("j-3 after 1"));
				assertThat(recoveries.recovered).containsExactly("j-3 after 1");
				assertThat(listener.attempts.get()).isEqualTo(1);
			});
	}

	@Test
	void theDefaultRecovererLogsAndCountsExactly() {
		this.contextRunner.withUserConfiguration(Clients.class, FailingListener.class).run((context) -> {
			RecordingClient client = context.getBean("gateway", RecordingClient.class);
			LoggingPubSubRecoverer recoverer = (LoggingPubSubRecoverer) context
				.getBean(PubSubListenerContainerFactory.class)
				.getRecoverer();
			for (int i = 0; i < 5; i++) {
				client.deliver("jobs", "run", "\"d-" + i + "\"", Map.of(PubSubHeaders.MESSAGE_ID, "d-" + i));
			}
			await().until(() -> recoverer.discarded() == 5);
			assertThat(context.getBean(FailingListener.class).attempts.get()).isEqualTo(5);
			// the recoverer returned before the counter moves: wait for it
				await().until(() -> client.metrics().listenerRecoveries() == 5);
		});
	}

	@Test
	void deadLetterPropertiesRepublishAnEnvelopeOnAnotherNamedClient() {
		this.contextRunner.withUserConfiguration(Clients.class, FailingListener.class)
			.withPropertyValues("pubsub.listener.retry.max-attempts=2", "pubsub.listener.retry.initial-interval=5ms",
					"pubsub.listener.dead-letter.client=archive", "pubsub.listener.dead-letter.destination=dlt.{topic}")
			.run((context) -> {
				RecordingClient gateway = context.getBean("gateway", RecordingClient.class);
				RecordingClient archive = context.getBean("archive", RecordingClient.class);
				gateway.deliver("jobs", "run", "{\"id\":\"x-1\"}", Map.of(PubSubHeaders.MESSAGE_ID, "x-1"));
				await().until(() -> !archive.published.isEmpty());
				Published dead = archive.published.get(0);
				assertThat(dead.topic()).isEqualTo("dlt.jobs");
				assertThat(dead.options().messageType()).isEqualTo("run");
				@SuppressWarnings("unchecked")
				Map<String, Object> envelope = (Map<String, Object>) dead.payload();
				@SuppressWarnings("unchecked")
				Map<String, Object> failure = (Map<String, Object>) envelope.get("deadLetter");
				assertThat(failure).containsEntry("listenerId", "failing")
					.containsEntry("client", "gateway")
					.containsEntry("topic", "jobs")
					.containsEntry("routingKey", "jobs.run")
					.containsEntry("exception", IllegalStateException.class.getName())
					.containsEntry("message", "always fails")
					.containsEntry("attempts", 2);
				assertThat(envelope.get("payload").toString()).contains("x-1");
				assertThat(gateway.published).isEmpty();
				// the recoverer returned before the counter moves: wait for it
				await().until(() -> gateway.metrics().listenerRecoveries() == 1);
			});
	}

	@Test
	void deadLetterClientMustExist() {
		this.contextRunner.withUserConfiguration(Clients.class, FailingListener.class)
			.withPropertyValues("pubsub.listener.dead-letter.client=nowhere")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.listener.dead-letter.client names 'nowhere'")
				.hasMessageContaining("gateway"));
	}

	@Test
	void sendToPublishesTheReturnValueOnTheNamedClientInsteadOfReplying() {
		this.contextRunner.withUserConfiguration(ReplyingClients.class, ForwardingListener.class).run((context) -> {
			RecordingClient gateway = context.getBean("gateway", RecordingClient.class);
			RecordingClient archive = context.getBean("archive", RecordingClient.class);
			gateway.deliver("readings", "kitchen", "21", Map.of(PubSubHeaders.MESSAGE_ID, "r-1"));
			gateway.deliver("readings", "hall", "19", Map.of(PubSubHeaders.MESSAGE_ID, "r-2"));
			await().until(() -> archive.published.size() == 2);
			assertThat(archive.published).extracting(Published::topic)
				.containsExactly("copies.readings.kitchen", "copies.readings.hall");
			assertThat(archive.published).extracting(Published::payload).containsExactly("kitchen=21", "hall=19");
			assertThat(gateway.replies).isEmpty();
		});
	}

	@Test
	void aFailedForwardGoesToTheRecoverer() {
		this.contextRunner.withUserConfiguration(ReplyingClients.class, ForwardingListener.class,
				RecordingRecoverer.class)
			.run((context) -> {
				RecordingClient gateway = context.getBean("gateway", RecordingClient.class);
				RecordingClient archive = context.getBean("archive", RecordingClient.class);
				archive.failPublish = true;
				gateway.deliver("readings", "attic", "12", Map.of(PubSubHeaders.MESSAGE_ID, "r-3"));
				Recoveries recoveries = context.getBean(Recoveries.class);
				await().until(() -> recoveries.recovered.contains("r-3 after 1"));
				assertThat(recoveries.failures.get(0).getCause())
					.hasMessageContaining("@SendTo 'archive:!{'copies.' + routingKey}' failed")
					.hasRootCauseMessage("refused by the test");
				// the recoverer returned before the counter moves: wait for it
				await().until(() -> gateway.metrics().listenerRecoveries() == 1);
			});
	}

	@Test
	void sendToAnUnknownClientFailsStartupNamingTheMethod() {
		this.contextRunner.withUserConfiguration(Clients.class, UnknownTargetListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("UnknownTargetListener.onReading(String)")
				.hasMessageContaining("names client 'nowhere', which does not exist"));
	}

	@Test
	void unknownRetryPolicyBeanFailsStartupNamingTheMethod() {
		this.contextRunner.withUserConfiguration(Clients.class, FlakyListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("FlakyListener.onJob(String)")
				.hasStackTraceContaining("names retryPolicy 'recordingRetry', but there is no RetryPolicy or BackOff"));
	}

	@Test
	void anErrorHandlerValueIsTheReplyAndTheMessageIsNotRecovered() {
		this.contextRunner.withUserConfiguration(ReplyingClients.class, FailingListener.class, RecordingRecoverer.class)
			.withBean(PubSubListenerErrorHandler.class, () -> (message, failure) -> "fallback")
			.withPropertyValues("pubsub.listener.retry.max-attempts=2", "pubsub.listener.retry.initial-interval=5ms")
			.run((context) -> {
				RecordingClient client = context.getBean("gateway", RecordingClient.class);
				client.deliver("jobs", "run", "\"e-1\"", Map.of(PubSubHeaders.MESSAGE_ID, "e-1"));
				await().until(() -> !client.replies.isEmpty());
				assertThat(client.replies.get(0).data()).isEqualTo("fallback");
				assertThat(context.getBean(FailingListener.class).attempts.get()).isEqualTo(2);
				assertThat(context.getBean(Recoveries.class).recovered).isEmpty();
				assertThat(client.metrics().listenerRecoveries()).isZero();
			});
	}

	@Test
	void validationAndConversionFailuresAreNeverRetriedWhateverThePolicy() throws Exception {
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.withMaxRetries(5),
				List.of(IllegalArgumentException.class));
		Message<String> message = MessageBuilder.withPayload("x").build();
		MethodParameter parameter = new MethodParameter(
				FlakyListener.class.getDeclaredMethod("onJob", String.class), 0);
		assertThat(retry.start().nextBackOff(new MethodArgumentNotValidException(message, parameter))).isEqualTo(-1);
		assertThat(retry.start().nextBackOff(new MessageConversionException("bad"))).isEqualTo(-1);
		assertThat(retry.start().nextBackOff(new IllegalStateException(new IllegalArgumentException("inner"))))
			.isEqualTo(-1);
		assertThat(retry.start().nextBackOff(new IllegalStateException("transient"))).isGreaterThanOrEqualTo(0);
		assertThat(new PubSubListenerRetry(null, List.of()).start().nextBackOff(new IllegalStateException()))
			.isEqualTo(-1);
	}

	@Test
	void retriesAndRecoveriesAreMicrometerCounters() {
		this.contextRunner.withUserConfiguration(Clients.class, FailingListener.class)
			.withPropertyValues("pubsub.listener.retry.max-attempts=3", "pubsub.listener.retry.initial-interval=5ms")
			.run((context) -> {
				RecordingClient client = context.getBean("gateway", RecordingClient.class);
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				new PubSubClientMetricsBinder(context.getBeanProvider(PubSubClient.class)).bindTo(registry);
				client.deliver("jobs", "run", "\"m-1\"", Map.of(PubSubHeaders.MESSAGE_ID, "m-1"));
				await().until(() -> client.metrics().listenerRecoveries() == 1);
				assertThat(registry.get("pubsub.client.listener.retries").tag("client", "gateway").functionCounter().count())
					.isEqualTo(2);
				assertThat(registry.get("pubsub.client.listener.recoveries").tag("client", "gateway")
					.functionCounter()
					.count()).isEqualTo(1);
				assertThat(registry.get("pubsub.client.listener.recovery.failures").tag("client", "gateway")
					.functionCounter()
					.count()).isZero();
			});
	}

	record Published(String topic, Object payload, PublishOptions options) {
	}

	static class RecordingClient extends LoopbackPubSubClient {

		final List<Published> published = new CopyOnWriteArrayList<>();

		volatile boolean failPublish;

		RecordingClient(String name, boolean supportsReplies) {
			super(name, supportsReplies);
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
			if (this.failPublish) {
				return CompletableFuture.failedFuture(new PubSubException("refused by the test"));
			}
			this.published.add(new Published(topic, payload, options));
			return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, null));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Clients {

		@Bean
		RecordingClient gateway() {
			return new RecordingClient("gateway", false);
		}

		@Bean
		RecordingClient archive() {
			return new RecordingClient("archive", false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReplyingClients {

		@Bean
		RecordingClient gateway() {
			return new RecordingClient("gateway", true);
		}

		@Bean
		RecordingClient archive() {
			return new RecordingClient("archive", false);
		}

	}

	static class RecordingBackOff implements BackOff {

		final List<Long> intervals = new CopyOnWriteArrayList<>();

		private final BackOff delegate;

		RecordingBackOff(BackOff delegate) {
			this.delegate = delegate;
		}

		@Override
		public BackOffExecution start() {
			BackOffExecution execution = this.delegate.start();
			return () -> {
				long next = execution.nextBackOff();
				this.intervals.add(next);
				return next;
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingRetry {

		@Bean
		RecordingBackOff recordingBackOff() {
			ExponentialBackOff backOff = new ExponentialBackOff(20, 3);
			backOff.setMaxAttempts(4);
			return new RecordingBackOff(backOff);
		}

		@Bean
		RetryPolicy recordingRetry(RecordingBackOff recordingBackOff) {
			return RetryPolicy.builder().backOff(recordingBackOff).build();
		}

		@Bean
		Recoveries recoveries() {
			return new Recoveries();
		}

	}

	static class Recoveries implements PubSubRecoverer {

		final List<String> recovered = new CopyOnWriteArrayList<>();

		final List<Exception> failures = new CopyOnWriteArrayList<>();

		@Override
		public void recover(PubSubMessage message, PubSubListenerExecutionFailedException failure, int attempts) {
			this.failures.add(failure);
			this.recovered.add(message.headers().asMap().get(PubSubHeaders.MESSAGE_ID) + " after " + attempts);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingRecoverer {

		@Bean
		Recoveries recoveries() {
			return new Recoveries();
		}

	}

	static class FlakyListener {

		final AtomicInteger attempts = new AtomicInteger();

		final List<String> succeeded = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "jobs.*", client = "gateway", retryPolicy = "recordingRetry", recoverer = "recoveries")
		void onJob(String id) {
			if (this.attempts.incrementAndGet() <= 2) {
				throw new IllegalStateException("flaky " + this.attempts.get());
			}
			this.succeeded.add(id);
		}

	}

	static class FailingListener {

		final AtomicInteger attempts = new AtomicInteger();

		final AtomicInteger badAttempts = new AtomicInteger();

		@PubSubListener(id = "failing", value = { "jobs.*", "bad.*" }, client = "gateway")
		void onJob(PubSubMessage message) {
			if (message.topic().equals("bad")) {
				this.badAttempts.incrementAndGet();
				throw new IllegalArgumentException("not retryable");
			}
			this.attempts.incrementAndGet();
			throw new IllegalStateException("always fails");
		}

	}

	record Order(String id) {
	}

	static class TypedListener {

		final List<Order> received = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "orders.*", client = "gateway")
		void onOrder(Order order) {
			this.received.add(order);
		}

	}

	static class ForwardingListener {

		@PubSubListener(value = "readings.*", client = "gateway")
		@SendTo("archive:!{'copies.' + routingKey}")
		String onReading(String value, PubSubMessage message) {
			return message.messageType() + "=" + value;
		}

	}

	static class UnknownTargetListener {

		@PubSubListener(value = "readings.*", client = "gateway")
		@SendTo("nowhere:copies")
		String onReading(String value) {
			return value;
		}

	}

}
