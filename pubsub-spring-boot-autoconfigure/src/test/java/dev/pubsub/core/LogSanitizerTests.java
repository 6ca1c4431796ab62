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

	@Test
	void escapesExactlyTheControlAndLineSeparatorCharacters() {
		assertThat(LogSanitizer.sanitize("\u001f|\u0020|\u007e|\u007f|\u0080|\u009f|\u00a0|\u2027|\u2028|\u2029|\u202a"))
			.isEqualTo("\\u001f| |~|\\u007f|\\u0080|\\u009f|\u00a0|\u2027|\\u2028|\\u2029|\u202a");
		assertThat(LogSanitizer.sanitize("C:\\dir\\file")).isEqualTo("C:\\dir\\file");
		assertThat(LogSanitizer.sanitize("\u0000")).isEqualTo("\\u0000");
	}

	@Test
	void keepsTheTextBeforeTheFirstEscapeAndAfterIt() {
		assertThat(LogSanitizer.sanitize("ab\ncd\tef")).isEqualTo("ab\\ncd\\tef");
		assertThat(LogSanitizer.sanitize("\rx")).isEqualTo("\\rx");
	}

	@Test
	void capsByCharactersBeforeEscapingAndNeverBelowOne() {
		assertThat(LogSanitizer.sanitize("abc", 3)).isEqualTo("abc");
		assertThat(LogSanitizer.sanitize("abcd", 3)).isEqualTo("abc...(4 chars)");
		assertThat(LogSanitizer.sanitize("a\nbcd", 3)).isEqualTo("a\\nb...(5 chars)");
		assertThat(LogSanitizer.sanitize("abc\n", 3)).isEqualTo("abc...(4 chars)");
		assertThat(LogSanitizer.sanitize("abc", 0)).isEqualTo("a...(3 chars)");
		assertThat(LogSanitizer.sanitize("abc", -5)).isEqualTo("a...(3 chars)");
		assertThat(LogSanitizer.sanitize("", 5)).isEmpty();
		assertThat(LogSanitizer.sanitize("y".repeat(LogSanitizer.DEFAULT_MAX_CHARS))).hasSize(LogSanitizer.DEFAULT_MAX_CHARS);
	}

	@Test
	void usesToStringForOtherValues() {
		assertThat(LogSanitizer.sanitize(java.util.List.of("a\nb", 1))).isEqualTo("[a\\nb, 1]");
	}

}
