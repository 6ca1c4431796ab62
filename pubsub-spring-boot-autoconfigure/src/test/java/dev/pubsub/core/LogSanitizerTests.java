package dev.pubsub.core;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.LogSanitizer;

import static org.assertj.core.api.Assertions.assertThat;

class LogSanitizerTests {

	@Test
	void escapesLineBreaksSoAPeerCannotForgeALogLine() {
		String forged = "subscribe\r\n2026-12-07 WARN [main] admin logged in\t\u001b[31m\u2028";
		String safe = LogSanitizer.sanitize(forged);
		assertThat(safe).doesNotContain("\r", "\n", "\t", "\u001b", "\u2028")
			.isEqualTo("subscribe\\r\\n2026-12-07 WARN [main] admin logged in\\t\\u001b[31m\\u2028");
	}

	@Test
	void capsLongValuesAndSaysHowLongTheyWere() {
		String huge = "x".repeat(1024 * 1024);
		String safe = LogSanitizer.sanitize(huge);
		assertThat(safe).startsWith("x".repeat(LogSanitizer.DEFAULT_MAX_CHARS))
			.endsWith("...(1048576 chars)")
			.hasSize(LogSanitizer.DEFAULT_MAX_CHARS + "...(1048576 chars)".length());
	}

	@Test
	void leavesPlainValuesAloneAndHandlesNullAndBytes() {
		assertThat(LogSanitizer.sanitize("orders.created")).isEqualTo("orders.created");
		assertThat(LogSanitizer.sanitize(null)).isEqualTo("null");
		assertThat(LogSanitizer.sanitize("a\nb".getBytes(java.nio.charset.StandardCharsets.UTF_8), 10))
			.isEqualTo("a\\nb");
		assertThat(LogSanitizer.sanitize("abcdef", 3)).isEqualTo("abc...(6 chars)");
	}

}
