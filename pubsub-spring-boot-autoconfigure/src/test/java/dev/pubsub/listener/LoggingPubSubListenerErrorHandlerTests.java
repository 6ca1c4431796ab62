package dev.pubsub.listener;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.messaging.converter.MessageConversionException;

import dev.pubsub.core.PubSubMessage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoggingPubSubListenerErrorHandler}: the exact ERROR line for conversion failures
 * (types only: parsers quote the payload in their messages) and for listener failures (types plus
 * the innermost message), the cap on the cause chain, and the stack trace at DEBUG only.
 */
class LoggingPubSubListenerErrorHandlerTests {

	private final LoggingPubSubListenerErrorHandler handler = new LoggingPubSubListenerErrorHandler();

	private final PubSubMessage message = PubSubMessage.builder("gateway", "orders", JsonMapper.builder().build())
		.messageType("created")
		.routingKey("orders.created")
		.payload("{\"card\":\"4111-secret\"}".getBytes(StandardCharsets.UTF_8))
		.build();

	@Test
	void aConversionFailureIsLoggedWithItsTypesAndNeverTheParserMessages() {
		MessageConversionException cause = new MessageConversionException("Unexpected token '4111-secret'",
				new IllegalArgumentException("at 4111-secret"));
		PubSubListenerExecutionFailedException failure = failure(true, cause);
		try (LogRecorder log = LogRecorder.info(LoggingPubSubListenerErrorHandler.class)) {
			assertThat(this.handler.handleError(this.message, failure)).isNull();
			assertThat(log.lines("ERROR")).containsExactly(failure.getMessage() + "; not retried ["
					+ MessageConversionException.class.getName() + " <- java.lang.IllegalArgumentException]");
			assertThat(log.lines("ERROR").get(0)).doesNotContain("4111");
		}
	}

	@Test
	void aListenerFailureIsLoggedWithItsCauseTypesAndTheInnermostMessage() {
		IllegalStateException cause = new IllegalStateException("outer",
				new RuntimeException("middle", new IOException("disk full")));
		PubSubListenerExecutionFailedException failure = failure(false, cause);
		try (LogRecorder log = LogRecorder.info(LoggingPubSubListenerErrorHandler.class)) {
			assertThat(this.handler.handleError(this.message, failure)).isNull();
			assertThat(log.lines("ERROR")).containsExactly(failure.getMessage()
					+ " [java.lang.IllegalStateException <- java.lang.RuntimeException <- java.io.IOException]: disk full");
		}
	}

	@Test
	void aListenerFailureWhoseRootHasNoMessageEndsWithTheCauseTypes() {
		PubSubListenerExecutionFailedException failure = failure(false,
				new IllegalStateException("outer", new UnsupportedOperationException()));
		try (LogRecorder log = LogRecorder.info(LoggingPubSubListenerErrorHandler.class)) {
			this.handler.handleError(this.message, failure);
			assertThat(log.lines("ERROR")).containsExactly(failure.getMessage()
					+ " [java.lang.IllegalStateException <- java.lang.UnsupportedOperationException]");
		}
	}

	@Test
	void theCauseChainIsCappedAtEightTypes() {
		Throwable cause = new IOException("deepest");
		for (int i = 0; i < 11; i++) {
			cause = new IllegalStateException("level " + i, cause);
		}
		PubSubListenerExecutionFailedException failure = failure(false, cause);
		try (LogRecorder log = LogRecorder.info(LoggingPubSubListenerErrorHandler.class)) {
			this.handler.handleError(this.message, failure);
			String line = log.lines("ERROR").get(0);
			String chain = line.substring(line.indexOf('[') + 1, line.indexOf(']'));
			assertThat(chain.split(" <- ")).hasSize(8).containsOnly("java.lang.IllegalStateException");
			// the innermost message is still the root's, past the cap
			assertThat(line).endsWith("]: deepest");
		}
	}

	@Test
	void theStackTraceGoesToDebugOnlyWhenDebugIsOn() {
		PubSubListenerExecutionFailedException failure = failure(false, new IllegalStateException("boom"));
		try (LogRecorder log = LogRecorder.debug(LoggingPubSubListenerErrorHandler.class)) {
			this.handler.handleError(this.message, failure);
			assertThat(log.lines("DEBUG")).containsExactly("Stack trace of the failure of listener 'orders'");
			assertThat(log.throwables("DEBUG")).containsExactly(failure);
			assertThat(log.throwables("ERROR")).containsOnlyNulls();
		}
		try (LogRecorder log = LogRecorder.info(LoggingPubSubListenerErrorHandler.class)) {
			this.handler.handleError(this.message, failure);
			assertThat(log.lines("ERROR")).hasSize(1);
			assertThat(log.lines("DEBUG")).isEmpty();
		}
	}

	private static PubSubListenerExecutionFailedException failure(boolean conversion, Throwable cause) {
		return new PubSubListenerExecutionFailedException("orders", "gateway", "orders.created",
				"Listeners.onOrder(Order)", conversion, cause);
	}

}
