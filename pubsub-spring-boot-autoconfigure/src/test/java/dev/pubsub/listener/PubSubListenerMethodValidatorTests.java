package dev.pubsub.listener;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.validation.annotation.Validated;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReplyHandle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link PubSubListenerMethodValidator}: which listener signatures fail at startup (with
 * the method and the parameter named) and which are accepted, and the warning for return values a
 * client without replies would discard.
 */
class PubSubListenerMethodValidatorTests {

	private final PublishRecordingClient replying = new PublishRecordingClient("gateway", true);

	private final PublishRecordingClient oneWay = new PublishRecordingClient("webhooks", false);

	@AfterEach
	void destroyClients() {
		this.replying.destroy();
		this.oneWay.destroy();
	}

	@Test
	void acceptsOnePayloadWithHeadersMessagesAndReplyHandles() {
		assertThatNoException().isThrownBy(() -> validate("full", this.replying));
		assertThatNoException().isThrownBy(() -> validate("annotatedPayload", this.oneWay));
		assertThatNoException().isThrownBy(() -> validate("springMessage", this.oneWay));
		assertThatNoException().isThrownBy(() -> validate("nullableAndValid", this.oneWay));
	}

	@Test
	void headersMustBeAMap() {
		assertThatIllegalStateException().isThrownBy(() -> validate("headersAsString", this.oneWay))
			.withMessage("Invalid @PubSubListener method " + Signatures.class.getName()
					+ ".headersAsString(String, String) on bean 'signatures': parameter 1 is annotated with @Headers "
					+ "but is a String; it must be a Map or MessageHeaders");
	}

	@Test
	void aReplyHandleNeedsAClientWithReplies() {
		assertThatIllegalStateException().isThrownBy(() -> validate("full", this.oneWay))
			.withMessageEndingWith("parameter 3 is a ReplyHandle but client 'webhooks' (type loopback) has no replies");
	}

	@Test
	void twoCandidatesForThePayloadFailListingBoth() {
		assertThatIllegalStateException().isThrownBy(() -> validate("twoPayloads", this.oneWay))
			.withMessageEndingWith("more than one parameter could receive the payload: [0 (String), 1 (Integer)]; "
					+ "annotate the payload with @Payload and the others with @Header, or remove them");
	}

	@Test
	void anAnnotationTheListenerCannotResolveFails() {
		assertThatIllegalStateException().isThrownBy(() -> validate("foreignAnnotation", this.oneWay))
			.withMessageEndingWith("parameter 0 (String) has an annotation the listener cannot resolve; use @Payload, "
					+ "@Header or @Headers");
	}

	@Test
	void parametersACustomResolverTakesAreSkipped() {
		Method method = method("twoPayloads");
		assertThatNoException().isThrownBy(() -> PubSubListenerMethodValidator.validate(endpoint(method, null),
				this.oneWay, (parameter) -> parameter.getParameterType() == Integer.class));
	}

	@Test
	void aReturnValueForAClientWithoutRepliesIsAWarningNotAFailure() {
		try (LogRecorder log = LogRecorder.info(PubSubListenerMethodValidator.class)) {
			validate("returnsValue", this.oneWay);
			validate("returnsFuture", this.oneWay);
			validate("returnsValue", this.replying);
			validate("accepts", this.oneWay);
			PubSubListenerMethodValidator.validate(endpoint(method("returnsValue"),
					PubSubForwarding.parse("out", "m", this.oneWay, (name) -> null)), this.oneWay);
			assertThat(log.lines("WARN")).containsExactly(
					"Listener 'jobs' (" + Signatures.class.getName() + ".returnsValue(String)) returns String but "
							+ "client 'webhooks' (type loopback) has no replies; return values will be discarded",
					"Listener 'jobs' (" + Signatures.class.getName() + ".returnsFuture(String)) returns "
							+ "CompletableFuture but client 'webhooks' (type loopback) has no replies; return values "
							+ "will be discarded",
					"Listener 'jobs' returns a CompletionStage that no reply will use");
		}
	}

	private void validate(String name, PublishRecordingClient client) {
		PubSubListenerMethodValidator.validate(endpoint(method(name), null), client);
	}

	private PubSubListenerEndpoint endpoint(Method method, @Nullable PubSubForwarding sendTo) {
		return new PubSubListenerEndpoint("jobs", List.of("jobs.*"), null, new Signatures(), "signatures", method,
				null, null, null, null)
			.withInvocation(null, null, sendTo);
	}

	private static Method method(String name) {
		for (Method method : Signatures.class.getDeclaredMethods()) {
			if (method.getName().equals(name)) {
				return method;
			}
		}
		throw new IllegalArgumentException(name);
	}

	@Target(ElementType.PARAMETER)
	@Retention(RetentionPolicy.RUNTIME)
	@interface Tenant {

	}

	static class Signatures {

		void full(String payload, @Header("id") String id, @Headers Map<String, Object> headers, ReplyHandle reply,
				PubSubMessage message, MessageHeaders messageHeaders) {
		}

		void annotatedPayload(@Payload Integer amount, @Header("id") String id) {
		}

		void springMessage(Message<String> message) {
		}

		void nullableAndValid(@Nullable @Valid @Validated String payload) {
		}

		void headersAsString(String payload, @Headers String headers) {
		}

		void twoPayloads(String first, Integer second) {
		}

		void foreignAnnotation(@Tenant String tenant) {
		}

		String returnsValue(String payload) {
			return payload;
		}

		CompletableFuture<String> returnsFuture(String payload) {
			return CompletableFuture.completedFuture(payload);
		}

		void accepts(String payload) {
		}

	}

}
