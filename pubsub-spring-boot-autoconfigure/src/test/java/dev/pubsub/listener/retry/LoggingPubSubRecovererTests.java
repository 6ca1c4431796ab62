package dev.pubsub.listener.retry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.listener.LogRecorder;
import dev.pubsub.listener.PubSubListenerExecutionFailedException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LoggingPubSubRecoverer}: every message given up is counted exactly, and the WARN
 * line names listener, routing key (sanitized), attempts and the root cause type, rate-limited.
 */
class LoggingPubSubRecovererTests {

	@Test
	void countsEveryMessageAndLogsOneRateLimitedLine() {
		LoggingPubSubRecoverer recoverer = new LoggingPubSubRecoverer();
		try (LogRecorder log = LogRecorder.info(LoggingPubSubRecoverer.class)) {
			recoverer.recover(message("orders.created"), failure(new IllegalStateException("boom")), 1);
			recoverer.recover(message("orders.created"), failure(new IllegalStateException("boom")), 1);
			recoverer.recover(message("orders.created"), failure(new IllegalStateException("boom")), 1);
			assertThat(log.lines("WARN")).containsExactly("Listener 'orders' gave up on a message for routing key "
					+ "'orders.created' after 1 attempt (java.lang.IllegalStateException); it is discarded. "
					+ "Messages discarded by this recoverer so far: 1");
		}
		assertThat(recoverer.discarded()).isEqualTo(3);
	}

	@Test
	void namesTheAttemptsTheRootCauseAndASanitizedRoutingKey() {
		LoggingPubSubRecoverer recoverer = new LoggingPubSubRecoverer();
		try (LogRecorder log = LogRecorder.info(LoggingPubSubRecoverer.class)) {
			recoverer.recover(message("orders.\ncreated"),
					failure(new IllegalStateException("outer", new RuntimeException(new IOException("disk")))), 3);
			assertThat(log.lines("WARN")).containsExactly("Listener 'orders' gave up on a message for routing key "
					+ "'orders.\\ncreated' after 3 attempts (java.io.IOException); it is discarded. "
					+ "Messages discarded by this recoverer so far: 1");
		}
		assertThat(recoverer.discarded()).isEqualTo(1);
	}

	private static PubSubMessage message(String routingKey) {
		return PubSubMessage.builder("gateway", "orders", JsonMapper.builder().build())
			.routingKey(routingKey)
			.payload("1".getBytes(StandardCharsets.UTF_8))
			.build();
	}

	private static PubSubListenerExecutionFailedException failure(Throwable cause) {
		return new PubSubListenerExecutionFailedException("orders", "gateway", "orders.created",
				"Listeners.onOrder(String)", false, cause);
	}

}
