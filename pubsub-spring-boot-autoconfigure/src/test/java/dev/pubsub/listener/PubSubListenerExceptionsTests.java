package dev.pubsub.listener;

import java.lang.reflect.Method;

import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the classification of listener failures ({@link PubSubListenerExceptions}) and the
 * message of {@link PubSubListenerExecutionFailedException}, which names listener, client, routing
 * key, method and (for validation) the failed fields, never a rejected value.
 */
class PubSubListenerExceptionsTests {

	private final Message<String> message = MessageBuilder.withPayload("x").build();

	@Test
	void conversionResolutionAndValidationFailuresAreNeverRetryableWhereverTheyAre() throws Exception {
		assertThat(PubSubListenerExceptions.isNotRetryable(new MessageConversionException("bad"))).isTrue();
		assertThat(PubSubListenerExceptions.isNotRetryable(new IllegalStateException(
				new MethodArgumentResolutionException(this.message, parameter(), "unresolvable")))).isTrue();
		assertThat(PubSubListenerExceptions.isNotRetryable(new RuntimeException(new IllegalStateException(
				new MethodArgumentNotValidException(this.message, parameter()))))).isTrue();
		assertThat(PubSubListenerExceptions.isNotRetryable(failure(true, new IllegalStateException()))).isTrue();
	}

	@Test
	void otherFailuresAreRetryable() {
		assertThat(PubSubListenerExceptions.isNotRetryable(null)).isFalse();
		assertThat(PubSubListenerExceptions.isNotRetryable(new IllegalStateException(new RuntimeException())))
			.isFalse();
		// a listener failure that is not a conversion failure is judged by its cause
		assertThat(PubSubListenerExceptions.isNotRetryable(failure(false, new IllegalStateException()))).isFalse();
		assertThat(PubSubListenerExceptions.isNotRetryable(failure(false, new MessageConversionException("bad"))))
			.isTrue();
	}

	@Test
	void theValidationFailureIsFoundAmongTheCauses() throws Exception {
		MethodArgumentNotValidException notValid = new MethodArgumentNotValidException(this.message, parameter());
		assertThat(PubSubListenerExceptions.findValidationFailure(failure(false, new IllegalStateException(notValid))))
			.isSameAs(notValid);
		assertThat(PubSubListenerExceptions.findValidationFailure(notValid)).isSameAs(notValid);
		assertThat(PubSubListenerExceptions.findValidationFailure(new MessageConversionException("bad"))).isNull();
		assertThat(PubSubListenerExceptions.findValidationFailure(null)).isNull();
	}

	@Test
	void theMessageNamesListenerMethodClientAndRoutingKeyAndTheCauseType() {
		PubSubListenerExecutionFailedException failure = failure(false, new IllegalStateException("secret value"));
		assertThat(failure).hasMessage("Listener 'orders' (Listeners.onOrder(Order)) on client 'gateway' failed for "
				+ "routing key 'orders.created': java.lang.IllegalStateException");
		assertThat(failure.getListenerId()).isEqualTo("orders");
		assertThat(failure.getClientName()).isEqualTo("gateway");
		assertThat(failure.getRoutingKey()).isEqualTo("orders.created");
		assertThat(failure.isConversionFailure()).isFalse();
	}

	@Test
	void aConversionFailureMessageNamesTheSimpleTypeOnly() {
		assertThat(failure(true, new MessageConversionException("Unexpected token 'secret'")))
			.hasMessageEndingWith(": the message could not be converted to the method's arguments "
					+ "(MessageConversionException)")
			.hasMessageNotContaining("secret");
	}

	@Test
	void aValidationFailureNamesTheFieldsAndConstraintsButNotTheRejectedValues() throws Exception {
		BeanPropertyBindingResult result = new BeanPropertyBindingResult(new Object(), "order");
		result.addError(new FieldError("order", "amount", "-5 secret", false, new String[] { "Positive" }, null,
				"must be positive"));
		result.addError(new ObjectError("order", new String[] { "ValidOrder" }, null, "inconsistent"));
		result.addError(new ObjectError("order", "no code"));
		MethodArgumentNotValidException notValid = new MethodArgumentNotValidException(this.message, parameter(),
				result);
		assertThat(failure(true, notValid)).hasMessageEndingWith(
				": the payload failed validation: amount (Positive), order (ValidOrder), order "
						+ "(MethodArgumentNotValidException)")
			.hasMessageNotContaining("secret");
	}

	private static PubSubListenerExecutionFailedException failure(boolean conversion, Throwable cause) {
		return new PubSubListenerExecutionFailedException("orders", "gateway", "orders.created",
				"Listeners.onOrder(Order)", conversion, cause);
	}

	private static MethodParameter parameter() throws NoSuchMethodException {
		Method method = PubSubListenerExceptionsTests.class.getDeclaredMethod("onOrder", String.class);
		return new MethodParameter(method, 0);
	}

	void onOrder(String order) {
	}

}
