package dev.pubsub.listener;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.util.MimeTypeUtils;
import org.springframework.util.ReflectionUtils;
import org.springframework.util.backoff.FixedBackOff;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReplyHandle;
import dev.pubsub.listener.retry.PubSubRecoverer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubListenerMessageHandler} driven directly on the calling thread: the Spring
 * message it builds, retries, the error handler and recoverer, replies, asynchronous results,
 * {@code @SendTo} forwarding and the observation around one delivery. Messages are identified by
 * their id; every outcome is asserted exactly (who got which message, after how many attempts).
 */
class PubSubListenerMessageHandlerTests {

	private final PublishRecordingClient client = new PublishRecordingClient("gateway", true);

	private final PublishRecordingClient archive = new PublishRecordingClient("archive", false);

	private final Listener listener = new Listener();

	/** Everything that happened, in order: invocations, error handler, recoverer, replies, observer. */
	private final List<String> timeline = new CopyOnWriteArrayList<>();

	private final List<PubSubListenerExecutionFailedException> handledFailures = new CopyOnWriteArrayList<>();

	private final List<PubSubListenerExecutionFailedException> recoveredFailures = new CopyOnWriteArrayList<>();

	private volatile @Nullable Object errorHandlerResult;

	private volatile @Nullable RuntimeException errorHandlerFailure;

	private volatile @Nullable Exception recovererFailure;

	private volatile CompletableFuture<PublishReceipt> replyOutcome = CompletableFuture
		.completedFuture(PublishReceipt.written("gateway", "jobs", null));

	private final PubSubListenerErrorHandler errorHandler = (message, failure) -> {
		this.timeline.add("error-handler:" + id(message));
		this.handledFailures.add(failure);
		if (this.errorHandlerFailure != null) {
			throw this.errorHandlerFailure;
		}
		return this.errorHandlerResult;
	};

	private final PubSubRecoverer recoverer = (message, failure, attempts) -> {
		this.timeline.add("recoverer:" + id(message) + " after " + attempts);
		this.recoveredFailures.add(failure);
		if (this.recovererFailure != null) {
			throw this.recovererFailure;
		}
	};

	private final PubSubListenerObserver observer = (endpoint, client, message) -> {
		this.timeline.add("observe:" + endpoint.id() + "/" + client.name() + "/" + id(message));
		return new PubSubListenerObserver.Delivery() {

			@Override
			public void error(Throwable error) {
				PubSubListenerMessageHandlerTests.this.timeline.add("observed-error:" + error.getClass().getSimpleName());
			}

			@Override
			public void close() {
				PubSubListenerMessageHandlerTests.this.timeline.add("observed-close");
			}

		};
	};

	@AfterEach
	void destroyClients() {
		this.client.destroy();
		this.archive.destroy();
	}

	@Test
	void theListenerSeesTheMessageHeadersPlusClientTopicRoutingKeyTypeAndContentType() {
		handler("headers", noRetry(), null).onMessage(message("h-1", "{}", true,
				Map.of("custom", "c", PubSubHeaders.CLIENT, "spoofed")));
		assertThat(this.listener.headers).containsEntry("custom", "c")
			.containsEntry(PubSubHeaders.MESSAGE_ID, "h-1")
			.containsEntry(PubSubHeaders.CLIENT, "gateway")
			.containsEntry(PubSubHeaders.TOPIC, "jobs")
			.containsEntry(PubSubHeaders.ROUTING_KEY, "jobs.run")
			.containsEntry(PubSubHeaders.MESSAGE_TYPE, "run")
			.containsEntry(MessageHeaders.CONTENT_TYPE, MimeTypeUtils.APPLICATION_JSON)
			// built once per delivery, without Spring's random id and timestamp
			.doesNotContainKeys(MessageHeaders.ID, MessageHeaders.TIMESTAMP);
	}

	@Test
	void aMessageTypeHeaderOfTheMessageWinsAndAnUntypedMessageHasNone() {
		PubSubListenerMessageHandler handler = handler("headers", noRetry(), null);
		handler.onMessage(message("h-2", "{}", true, Map.of(PubSubHeaders.MESSAGE_TYPE, "from-header")));
		assertThat(this.listener.headers).containsEntry(PubSubHeaders.MESSAGE_TYPE, "from-header");
		handler.onMessage(PubSubMessage.builder("gateway", "jobs", JsonMapper.builder().build())
			.routingKey("jobs")
			.payload("{}".getBytes(StandardCharsets.UTF_8))
			.build());
		assertThat(this.listener.headers).containsEntry(PubSubHeaders.ROUTING_KEY, "jobs")
			.doesNotContainKey(PubSubHeaders.MESSAGE_TYPE);
	}

	@Test
	void aFailureGoesToTheErrorHandlerOnceThenToTheRecovererInsideOneObservedDelivery() {
		handler("fail", noRetry(), null).onMessage(message("f-1", "\"f-1\"", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/f-1", "fail:f-1", "observed-error:IllegalStateException",
				"error-handler:f-1", "recoverer:f-1 after 1", "observed-close");
		PubSubListenerExecutionFailedException failure = this.handledFailures.get(0);
		assertThat(failure.getListenerId()).isEqualTo("jobs");
		assertThat(failure.getClientName()).isEqualTo("gateway");
		assertThat(failure.getRoutingKey()).isEqualTo("jobs.run");
		assertThat(failure.isConversionFailure()).isFalse();
		assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("fail f-1");
		assertThat(failure.getMessage()).contains(Listener.class.getName() + ".fail(String)");
		assertThat(this.recoveredFailures).containsExactly(failure);
		assertThat(this.client.metrics().listenerErrors()).isEqualTo(1);
		assertThat(this.client.metrics().listenerRetries()).isZero();
		assertThat(this.client.metrics().listenerRecoveries()).isEqualTo(1);
		assertThat(this.client.replies).isEmpty();
	}

	@Test
	void aSuccessfulDeliveryIsObservedWithoutAnError() {
		handler("echo", noRetry(), null).onMessage(message("s-1", "\"s-1\"", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/s-1", "echo:s-1", "observed-close");
	}

	@Test
	void aConversionFailureIsMarkedAndNeverRetried() {
		handler("typed", retry(5), null).onMessage(message("c-1", "not json", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/c-1",
				"observed-error:MessageConversionException", "error-handler:c-1",
				"recoverer:c-1 after 1", "observed-close");
		assertThat(this.handledFailures.get(0).isConversionFailure()).isTrue();
		assertThat(this.handledFailures.get(0).getCause()).isInstanceOf(MessageConversionException.class);
		assertThat(this.client.metrics().listenerRetries()).isZero();
	}

	@Test
	void anUnresolvableArgumentIsAConversionFailure() {
		// a ReplyHandle parameter for a message that cannot be replied to
		handler("explicitReply", retry(5), null).onMessage(message("r-0", "\"r-0\"", false));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/r-0",
				"observed-error:MethodArgumentResolutionException", "error-handler:r-0",
				"recoverer:r-0 after 1", "observed-close");
		assertThat(this.handledFailures.get(0).isConversionFailure()).isTrue();
		assertThat(this.handledFailures.get(0).getCause()).isInstanceOf(MethodArgumentResolutionException.class);
	}

	@Test
	void aRetriedListenerIsInvokedAgainUntilItSucceedsAndItsResultIsTheReply() {
		this.listener.failuresLeft.set(2);
		try (LogRecorder log = LogRecorder.debug(PubSubListenerMessageHandler.class)) {
			handler("flaky", retry(3), null).onMessage(message("j-1", "\"j-1\"", true));
			assertThat(log.lines("DEBUG")).containsExactly(
					"Listener 'jobs' failed attempt 1 for routing key 'jobs.run' (java.lang.IllegalStateException); retrying in 0 ms",
					"Listener 'jobs' failed attempt 2 for routing key 'jobs.run' (java.lang.IllegalStateException); retrying in 0 ms");
		}
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/j-1", "flaky:j-1", "flaky:j-1", "flaky:j-1",
				"observed-close");
		assertThat(this.client.replies).extracting(LoopbackPubSubClient.Reply::data).containsExactly("done j-1");
		assertThat(this.client.metrics().listenerRetries()).isEqualTo(2);
		assertThat(this.client.metrics().listenerErrors()).isEqualTo(2);
		assertThat(this.client.metrics().listenerRecoveries()).isZero();
	}

	@Test
	void exhaustedRetriesReachTheRecovererWithTheNumberOfAttemptsAndTheLastFailure() {
		handler("fail", retry(2), null).onMessage(message("f-2", "\"f-2\"", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/f-2", "fail:f-2", "fail:f-2", "fail:f-2",
				"observed-error:IllegalStateException", "error-handler:f-2", "recoverer:f-2 after 3", "observed-close");
		assertThat(this.client.metrics().listenerRetries()).isEqualTo(2);
		assertThat(this.client.metrics().listenerErrors()).isEqualTo(3);
		assertThat(this.client.metrics().listenerRecoveries()).isEqualTo(1);
	}

	@Test
	void aStoppingContainerEndsTheRetriesAtOnce() {
		PubSubListenerRetry retry = new PubSubListenerRetry(
				RetryPolicy.builder().backOff(new FixedBackOff(3_600_000, 5)).build(), List.of());
		PubSubListenerMessageHandler handler = handler("fail", retry, null);
		assertThat(handler.retry()).isSameAs(retry);
		retry.stopping();
		// the back-off is an hour: only the stop can end it
		handler.onMessage(message("f-3", "\"f-3\"", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/f-3", "fail:f-3", "observed-error:IllegalStateException",
				"error-handler:f-3", "recoverer:f-3 after 1", "observed-close");
		assertThat(this.client.metrics().listenerRetries()).isZero();
	}

	@Test
	void anErrorHandlerValueIsTheReplyAndTheMessageIsNotRecovered() {
		this.errorHandlerResult = "fallback";
		handler("fail", noRetry(), null).onMessage(message("f-4", "\"f-4\"", true));
		assertThat(this.client.replies).extracting(LoopbackPubSubClient.Reply::data).containsExactly("fallback");
		assertThat(this.recoveredFailures).isEmpty();
		assertThat(this.client.metrics().listenerRecoveries()).isZero();
	}

	@Test
	void anErrorHandlerThatThrowsIsLoggedAndTheRecovererStillGetsTheMessage() {
		this.errorHandlerFailure = new IllegalStateException("handler broken");
		try (LogRecorder log = LogRecorder.info(PubSubListenerMessageHandler.class)) {
			handler("fail", noRetry(), null).onMessage(message("f-5", "\"f-5\"", true));
			assertThat(log.lines("ERROR")).containsExactly("Error handler of listener 'jobs' failed");
			assertThat(log.throwables("ERROR")).containsExactly(this.errorHandlerFailure);
		}
		assertThat(this.timeline).contains("error-handler:f-5", "recoverer:f-5 after 1");
		assertThat(this.client.metrics().listenerRecoveries()).isEqualTo(1);
	}

	@Test
	void aFailingRecovererIsCountedAndLoggedAsALostMessage() {
		this.recovererFailure = new IOException("dead-letter topic unreachable");
		try (LogRecorder log = LogRecorder.info(PubSubListenerMessageHandler.class)) {
			handler("fail", noRetry(), null).onMessage(message("f-6", "\"f-6\"", true));
			// rate-limited: one line, with the cause's type and message (its stack trace only at DEBUG)
			assertThat(log.lines("WARN")).containsExactly("Recoverer of listener 'jobs' failed for a message on routing "
					+ "key 'jobs.run'; the message is lost: java.io.IOException: dead-letter topic unreachable");
		}
		assertThat(this.client.metrics().listenerRecoveryFailures()).isEqualTo(1);
		assertThat(this.client.metrics().listenerRecoveries()).isZero();
	}

	@Test
	void aVoidListenerRepliesNothing() {
		handler("accept", noRetry(), null).onMessage(message("v-1", "\"v-1\"", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/v-1", "accept:v-1", "observed-close");
		assertThat(this.client.replies).isEmpty();
	}

	@Test
	void aValueForAMessageThatCannotBeRepliedToIsDiscardedWithAWarning() {
		try (LogRecorder log = LogRecorder.info(PubSubListenerMessageHandler.class)) {
			handler("echo", noRetry(), null).onMessage(message("n-1", "\"n-1\"", false));
			assertThat(log.lines("WARN")).containsExactly("Listener 'jobs' returned a value for routing key 'jobs.run' "
					+ "but the message cannot be replied to; the value is discarded");
		}
		assertThat(this.recoveredFailures).isEmpty();
		assertThat(this.client.metrics().listenerErrors()).isZero();
	}

	@Test
	void aRefusedReplyIsLogged() {
		this.replyOutcome = CompletableFuture.failedFuture(new PubSubException("reply refused"));
		try (LogRecorder log = LogRecorder.info(PubSubListenerMessageHandler.class)) {
			handler("echo", noRetry(), null).onMessage(message("n-2", "\"n-2\"", true));
			assertThat(log.lines("WARN")).singleElement()
				.asString()
				.startsWith("Reply of listener 'jobs' for routing key 'jobs.run' failed: ")
				.contains("reply refused");
		}
		assertThat(this.client.replies).extracting(LoopbackPubSubClient.Reply::data).containsExactly("echo n-2");
	}

	@Test
	void aReplyThatThrowsIsLogged() {
		ReplyHandle throwing = (data, options) -> {
			throw new IllegalStateException("connection gone");
		};
		try (LogRecorder log = LogRecorder.info(PubSubListenerMessageHandler.class)) {
			handler("echo", noRetry(), null).onMessage(builder("n-3", "\"n-3\"", Map.of()).replyHandle(throwing).build());
			assertThat(log.lines("WARN")).containsExactly("Reply of listener 'jobs' for routing key 'jobs.run' failed: "
					+ "java.lang.IllegalStateException: connection gone");
		}
		assertThat(this.recoveredFailures).isEmpty();
	}

	@Test
	void aFutureResultIsTheReplyWhenItCompletesAndANullValueRepliesNothing() {
		PubSubListenerMessageHandler handler = handler("async", noRetry(), null);
		CompletableFuture<String> first = new CompletableFuture<>();
		this.listener.future = first;
		handler.onMessage(message("a-1", "\"a-1\"", true));
		assertThat(this.client.replies).isEmpty();
		first.complete("later a-1");
		assertThat(this.client.replies).extracting(LoopbackPubSubClient.Reply::data).containsExactly("later a-1");
		CompletableFuture<String> second = new CompletableFuture<>();
		this.listener.future = second;
		handler.onMessage(message("a-2", "\"a-2\"", true));
		second.complete(null);
		assertThat(this.client.replies).hasSize(1);
		assertThat(this.recoveredFailures).isEmpty();
	}

	@Test
	void aFailedFutureGoesToTheErrorHandlerAndTheRecovererWithItsCause() {
		PubSubListenerMessageHandler handler = handler("async", noRetry(), null);
		for (String id : List.of("a-3", "a-4", "a-5")) {
			this.listener.future = new CompletableFuture<>();
			handler.onMessage(message(id, "\"" + id + "\"", true));
		}
		IOException late = new IOException("late failure");
		this.listener.futures.get(0).completeExceptionally(new CompletionException(late));
		this.listener.futures.get(1).completeExceptionally(late);
		CompletionException withoutCause = new CompletionException("no cause", null);
		this.listener.futures.get(2).completeExceptionally(withoutCause);
		assertThat(this.timeline).containsSubsequence("error-handler:a-3", "recoverer:a-3 after 1", "error-handler:a-4",
				"recoverer:a-4 after 1", "error-handler:a-5", "recoverer:a-5 after 1");
		assertThat(this.recoveredFailures).extracting(Throwable::getCause).containsExactly(late, late, withoutCause);
		assertThat(this.client.metrics().listenerErrors()).isEqualTo(3);
		assertThat(this.client.metrics().listenerRecoveries()).isEqualTo(3);
	}

	@Test
	void sendToPublishesTheResultInsteadOfReplying() {
		handler("echo", noRetry(), forwarding("archive:out.!{messageType}")).onMessage(message("s-2", "\"s-2\"", true));
		assertThat(this.archive.published).extracting(PublishRecordingClient.Published::topic,
				PublishRecordingClient.Published::payload)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("out.run", "echo s-2"));
		assertThat(this.client.replies).isEmpty();
		assertThat(this.client.published).isEmpty();
	}

	@Test
	void anErrorHandlerValueIsForwardedWhenTheListenerHasSendTo() {
		this.errorHandlerResult = "fallback";
		handler("fail", noRetry(), forwarding("archive:out")).onMessage(message("s-3", "\"s-3\"", true));
		assertThat(this.archive.published).extracting(PublishRecordingClient.Published::payload)
			.containsExactly("fallback");
		assertThat(this.recoveredFailures).isEmpty();
		assertThat(this.client.replies).isEmpty();
	}

	@Test
	void aForwardThatThrowsGoesToTheErrorHandlerAndTheRecoverer() {
		this.archive.answerPublishes((topic) -> {
			throw new IllegalStateException("client closed");
		});
		handler("echo", noRetry(), forwarding("archive:out")).onMessage(message("s-4", "\"s-4\"", true));
		assertThat(this.timeline).containsExactly("observe:jobs/gateway/s-4", "echo:s-4", "error-handler:s-4",
				"recoverer:s-4 after 1", "observed-close");
		Throwable cause = this.recoveredFailures.get(0).getCause();
		assertThat(cause).isInstanceOf(PubSubException.class)
			.hasMessage("Forwarding the result to @SendTo 'archive:out' failed: java.lang.IllegalStateException")
			.hasCauseInstanceOf(IllegalStateException.class);
		assertThat(this.handledFailures).containsExactlyElementsOf(this.recoveredFailures);
		assertThat(this.client.metrics().listenerErrors()).isEqualTo(1);
		assertThat(this.client.metrics().listenerRecoveries()).isEqualTo(1);
	}

	@Test
	void aRefusedForwardGoesToTheRecovererWithTheRefusal() {
		PubSubException refused = new PubSubException("refused by the broker");
		PubSubListenerMessageHandler handler = handler("echo", noRetry(), forwarding("archive:out"));
		this.archive.answerPublishes((topic) -> CompletableFuture.failedFuture(new CompletionException(refused)));
		handler.onMessage(message("s-5", "\"s-5\"", true));
		this.archive.answerPublishes((topic) -> CompletableFuture.failedFuture(refused));
		handler.onMessage(message("s-6", "\"s-6\"", true));
		assertThat(this.timeline).containsSubsequence("recoverer:s-5 after 1", "recoverer:s-6 after 1");
		assertThat(this.recoveredFailures).extracting((failure) -> failure.getCause().getCause())
			.containsExactly(refused, refused);
		assertThat(this.recoveredFailures.get(0).getCause()).hasMessage(
				"Forwarding the result to @SendTo 'archive:out' failed: " + PubSubException.class.getName());
	}

	@Test
	void aFutureResultIsForwardedWhenItCompletes() {
		PubSubListenerMessageHandler handler = handler("async", noRetry(), forwarding("archive:out"));
		CompletableFuture<String> future = new CompletableFuture<>();
		this.listener.future = future;
		handler.onMessage(message("s-7", "\"s-7\"", true));
		assertThat(this.archive.published).isEmpty();
		future.complete("later s-7");
		assertThat(this.archive.published).extracting(PublishRecordingClient.Published::payload)
			.containsExactly("later s-7");
	}

	@Test
	void withoutAnObserverDeliveriesAreNotObserved() {
		Method method = method("fail");
		PubSubListenerMessageHandler handler = new PubSubListenerMessageHandler(endpoint(method, null), this.client,
				new PubSubMessageHandlerMethodFactory(new DefaultListableBeanFactory())
					.createInvocableHandlerMethod(this.listener, method),
				this.errorHandler, noRetry(), this.recoverer);
		handler.onMessage(message("o-1", "\"o-1\"", true));
		assertThat(this.timeline).containsExactly("fail:o-1", "error-handler:o-1", "recoverer:o-1 after 1");
	}

	private PubSubListenerMessageHandler handler(String methodName, PubSubListenerRetry retry,
			@Nullable PubSubForwarding forwarding) {
		Method method = method(methodName);
		return new PubSubListenerMessageHandler(endpoint(method, forwarding), this.client,
				new PubSubMessageHandlerMethodFactory(new DefaultListableBeanFactory())
					.createInvocableHandlerMethod(this.listener, method),
				this.errorHandler, retry, this.recoverer, this.observer);
	}

	private PubSubListenerEndpoint endpoint(Method method, @Nullable PubSubForwarding forwarding) {
		return new PubSubListenerEndpoint("jobs", List.of("jobs.*"), "gateway", this.listener, "listener", method,
				null, null, null, null)
			.withInvocation(null, null, forwarding);
	}

	private PubSubForwarding forwarding(String value) {
		return PubSubForwarding.parse(value, "test", this.client,
				(name) -> name.equals("archive") ? this.archive : null);
	}

	private static Method method(String name) {
		for (Method method : Listener.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	private static PubSubListenerRetry noRetry() {
		return new PubSubListenerRetry(null, List.of());
	}

	private static PubSubListenerRetry retry(int maxRetries) {
		return new PubSubListenerRetry(RetryPolicy.builder().backOff(new FixedBackOff(0, maxRetries)).build(),
				List.of());
	}

	private PubSubMessage message(String id, String json, boolean replyable) {
		return message(id, json, replyable, Map.of());
	}

	private PubSubMessage message(String id, String json, boolean replyable, Map<String, Object> headers) {
		PubSubMessage.Builder builder = builder(id, json, headers);
		if (replyable) {
			builder.replyHandle((data, options) -> {
				this.client.replies.add(new LoopbackPubSubClient.Reply("jobs", data, options));
				return this.replyOutcome;
			});
		}
		return builder.build();
	}

	private static PubSubMessage.Builder builder(String id, String json, Map<String, Object> headers) {
		Map<String, Object> all = new HashMap<>(headers);
		all.put(PubSubHeaders.MESSAGE_ID, id);
		return PubSubMessage.builder("gateway", "jobs", JsonMapper.builder().build())
			.messageType("run")
			.routingKey("jobs.run")
			.payload(json.getBytes(StandardCharsets.UTF_8))
			.headers(PubSubHeaders.of(all));
	}

	private static String id(PubSubMessage message) {
		return String.valueOf(message.headers().get(PubSubHeaders.MESSAGE_ID));
	}

	record Order(String id) {
	}

	class Listener {

		final AtomicInteger failuresLeft = new AtomicInteger();

		final List<CompletableFuture<String>> futures = new CopyOnWriteArrayList<>();

		volatile Map<String, Object> headers = Map.of();

		volatile CompletableFuture<String> future = new CompletableFuture<>();

		void headers(@Headers Map<String, Object> headers) {
			this.headers = Map.copyOf(headers);
		}

		void fail(String id) {
			PubSubListenerMessageHandlerTests.this.timeline.add("fail:" + id);
			throw new IllegalStateException("fail " + id);
		}

		String flaky(String id) {
			PubSubListenerMessageHandlerTests.this.timeline.add("flaky:" + id);
			if (this.failuresLeft.getAndDecrement() > 0) {
				throw new IllegalStateException("flaky " + id);
			}
			return "done " + id;
		}

		String echo(String id) {
			PubSubListenerMessageHandlerTests.this.timeline.add("echo:" + id);
			return "echo " + id;
		}

		void accept(String id) {
			PubSubListenerMessageHandlerTests.this.timeline.add("accept:" + id);
		}

		void typed(Order order) {
			PubSubListenerMessageHandlerTests.this.timeline.add("typed:" + order.id());
		}

		void explicitReply(String id, ReplyHandle reply) {
			PubSubListenerMessageHandlerTests.this.timeline.add("explicitReply:" + id);
		}

		CompletableFuture<String> async(String id) {
			this.futures.add(this.future);
			return this.future;
		}

	}

}
