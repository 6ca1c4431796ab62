package dev.pubsub.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ReconnectPolicy}.
 */
class ReconnectPolicyTests {

	@Test
	void delaysGrowExponentiallyUpToTheCapWithoutJitter() {
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofMillis(1000), 2.0, 0.0,
				ReconnectPolicy.UNLIMITED);
		assertThat(policy.delayBefore(1)).isEqualTo(Duration.ofMillis(100));
		assertThat(policy.delayBefore(2)).isEqualTo(Duration.ofMillis(200));
		assertThat(policy.delayBefore(4)).isEqualTo(Duration.ofMillis(800));
		assertThat(policy.delayBefore(5)).isEqualTo(Duration.ofMillis(1000));
		assertThat(policy.delayBefore(50)).isEqualTo(Duration.ofMillis(1000));
	}

	@Test
	void jitterStaysWithinItsSpreadAndTheCap() {
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(1000), Duration.ofMillis(1500), 2.0, 0.5,
				ReconnectPolicy.UNLIMITED);
		for (int i = 0; i < 500; i++) {
			assertThat(policy.delayBefore(1).toMillis()).isBetween(500L, 1500L);
			assertThat(policy.delayBefore(3).toMillis()).isBetween(750L, 1500L);
		}
	}

	@Test
	void maxAttemptsLimitsRetries() {
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 1.0, 0.0, 3);
		assertThat(policy.shouldRetry(3)).isTrue();
		assertThat(policy.shouldRetry(4)).isFalse();
		assertThat(ReconnectPolicy.defaults().shouldRetry(1_000_000)).isTrue();
		assertThat(ReconnectPolicy.disabled().shouldRetry(1)).isFalse();
	}

	@Test
	void rejectsInconsistentSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0, -1))
			.withMessageContaining("maxDelay");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 2, 1.5, -1))
			.withMessageContaining("jitter");
	}

}
