package dev.pubsub.emitter;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.LogSanitizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EmitterRequestException} quotes the broker's error text escaped and capped, and keeps
 * the raw status and text.
 */
class EmitterRequestExceptionTests {

	@Test
	void messageEscapesLineBreaksOfTheBrokerText() {
		EmitterError error = new EmitterError(401, "denied\r\nERROR forged log line", 7, "emitter/error/");

		EmitterRequestException ex = new EmitterRequestException("subscribe to 'a/b/'", error);

		assertThat(ex.getMessage()).isEqualTo(
				"Emitter refused subscribe to 'a/b/': status 401, denied\\r\\nERROR forged log line");
		assertThat(ex.getMessage()).doesNotContain("\r").doesNotContain("\n");
		assertThat(ex.getStatus()).isEqualTo(401);
		assertThat(ex.getBrokerMessage()).isEqualTo("denied\r\nERROR forged log line");
		assertThat(ex.getError()).isSameAs(error);
		assertThat(ex.getError().requestId()).isEqualTo(7);
	}

	@Test
	void messageCapsALongBrokerText() {
		String text = "x".repeat(10_000);
		EmitterError error = new EmitterError(500, text, 0, "emitter/error/");

		EmitterRequestException ex = new EmitterRequestException("keygen", error);

		assertThat(ex.getMessage()).isEqualTo("Emitter refused keygen: status 500, "
				+ "x".repeat(LogSanitizer.DEFAULT_MAX_CHARS) + "...(10000 chars)");
		assertThat(ex.getBrokerMessage()).isEqualTo(text);
		assertThat(ex.getStatus()).isEqualTo(500);
	}

}
