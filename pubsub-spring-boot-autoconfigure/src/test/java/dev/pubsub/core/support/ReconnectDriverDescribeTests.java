package dev.pubsub.core.support;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the cause text of the one log line {@link ReconnectDriver} writes per drop or attempt: the
 * cause and its root cause (where a transport's close code often sits), escaped and capped.
 */
class ReconnectDriverDescribeTests {

	@Test
	void namesTheCauseAndItsRootCause() {
		IOException cause = new IOException("handshake failed",
				new IllegalStateException("wrapper", new IllegalArgumentException("close 4001")));
		assertThat(ReconnectDriver.describe(cause)).isEqualTo(
				"java.io.IOException: handshake failed (caused by java.lang.IllegalArgumentException: close 4001)");
	}

	@Test
	void aCauseWithoutACauseIsNamedOnce() {
		assertThat(ReconnectDriver.describe(new IOException("reset"))).isEqualTo("java.io.IOException: reset");
	}

	@Test
	void theTextIsEscapedAndCapped() {
		String text = ReconnectDriver.describe(new IOException("line\nbreak " + "x".repeat(1_000)));
		assertThat(text).startsWith("java.io.IOException: line\\nbreak xxx").doesNotContain("\n");
		assertThat(text.length()).isLessThan(400);
	}

}
