package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * {@link WebSocketSendLimits}: the documented defaults, the checks, and {@code whenClosed}.
 */
class WebSocketSendLimitsTests {

	@Test
	void defaultsAreTenSecondsAndSixteenMebibytes() {
		assertThat(WebSocketSendLimits.DEFAULTS.timeLimit()).isEqualTo(Duration.ofSeconds(10));
		assertThat(WebSocketSendLimits.DEFAULTS.bufferLimit()).isEqualTo(16 * 1024 * 1024);
	}

	@Test
	void limitsBelowOneMillisecondOrOneByteAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebSocketSendLimits(Duration.ofNanos(999_999), 1))
			.withMessageContaining("timeLimit");
		assertThatIllegalArgumentException().isThrownBy(() -> new WebSocketSendLimits(Duration.ofMillis(1), 0))
			.withMessageContaining("bufferLimit");
		WebSocketSendLimits smallest = new WebSocketSendLimits(Duration.ofMillis(1), 1);
		assertThat(smallest.timeLimit()).isEqualTo(Duration.ofMillis(1));
		assertThat(smallest.bufferLimit()).isOne();
	}

	@Test
	void aMissingTimeLimitOrCloseConsumerIsRefusedWhenTheLimitsAreMadeNotAtTheFirstClose() {
		assertThatIllegalArgumentException().isThrownBy(() -> new WebSocketSendLimits(null, 1))
			.withMessage("timeLimit must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> WebSocketSendLimits.DEFAULTS.whenClosed(null))
			.withMessage("closed must not be null");
	}

	@Test
	void whenClosedKeepsTheLimitsAndTellsTheGivenConsumer() {
		List<String> reasons = new ArrayList<>();
		WebSocketSendLimits limits = new WebSocketSendLimits(Duration.ofSeconds(2), 1024).whenClosed(reasons::add);
		assertThat(limits.timeLimit()).isEqualTo(Duration.ofSeconds(2));
		assertThat(limits.bufferLimit()).isEqualTo(1024);
		limits.closed().accept("send-time-limit of 2000 ms exceeded");
		assertThat(reasons).containsExactly("send-time-limit of 2000 ms exceeded");
	}

}
