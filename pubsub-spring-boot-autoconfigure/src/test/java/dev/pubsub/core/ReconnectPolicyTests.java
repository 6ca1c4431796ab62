package dev.pubsub.core;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.util.backoff.BackOffExecution;

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
		BackOffExecution execution = policy.toBackOff().start();
		assertThat(execution.nextBackOff()).isEqualTo(100);
		assertThat(execution.nextBackOff()).isEqualTo(200);
		assertThat(execution.nextBackOff()).isEqualTo(400);
		assertThat(execution.nextBackOff()).isEqualTo(800);
		assertThat(execution.nextBackOff()).isEqualTo(1000);
		for (int i = 0; i < 50; i++) {
			assertThat(execution.nextBackOff()).isEqualTo(1000);
		}
	}

	@Test
	void jitterStaysWithinItsSpreadAndTheBounds() {
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(1000), Duration.ofMillis(3000), 2.0, 0.5,
				ReconnectPolicy.UNLIMITED);
		boolean varied = false;
		for (int i = 0; i < 200; i++) {
			BackOffExecution execution = policy.toBackOff().start();
			long first = execution.nextBackOff();
			long second = execution.nextBackOff();
			assertThat(first).isBetween(1000L, 1500L);
			assertThat(second).isBetween(1000L, 3000L);
			varied |= first != 1000 || second != 2000;
		}
		assertThat(varied).isTrue();
	}

	@Test
	void maxAttemptsLimitsRetries() {
		BackOffExecution three = new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 1.0, 0.0, 3).toBackOff()
			.start();
		assertThat(three.nextBackOff()).isZero();
		assertThat(three.nextBackOff()).isZero();
		assertThat(three.nextBackOff()).isZero();
		assertThat(three.nextBackOff()).isEqualTo(BackOffExecution.STOP);
		BackOffExecution unlimited = ReconnectPolicy.defaults().toBackOff().start();
		for (int i = 0; i < 10_000; i++) {
			assertThat(unlimited.nextBackOff()).isNotEqualTo(BackOffExecution.STOP);
		}
		assertThat(ReconnectPolicy.disabled().toBackOff().start().nextBackOff()).isEqualTo(BackOffExecution.STOP);
	}

	@Test
	void stableWindowDefaultsToThirtySecondsAndCanBeChanged() {
		assertThat(ReconnectPolicy.defaults().stableAfter()).isEqualTo(Duration.ofSeconds(30));
		assertThat(ReconnectPolicy.defaults().withStableAfter(Duration.ofSeconds(2)).stableAfter())
			.isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void rejectsInconsistentSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0, -1))
			.withMessageContaining("maxDelay");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 2, 1.5, -1))
			.withMessageContaining("jitter");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 2, 0, -1, Duration.ofSeconds(-1)))
			.withMessageContaining("stableAfter");
	}

	@Test
	void acceptsTheEdgesOfEverySetting() {
		ReconnectPolicy edges = new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 1.0, 1.0, 0, Duration.ZERO);
		assertThat(edges.multiplier()).isEqualTo(1.0);
		assertThat(edges.jitter()).isEqualTo(1.0);
		assertThat(edges.maxAttempts()).isZero();
		assertThat(edges.stableAfter()).isZero();
		assertThat(new ReconnectPolicy(true, Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0, 0.0,
				ReconnectPolicy.UNLIMITED).maxDelay()).isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void rejectsEachSettingJustOutsideItsRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ofMillis(-1), Duration.ZERO, 2, 0, -1))
			.withMessageContaining("initialDelay");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 0.99, 0, -1))
			.withMessageContaining("multiplier");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 2, -0.01, -1))
			.withMessageContaining("jitter");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 2, 0, -2))
			.withMessageContaining("maxAttempts");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ReconnectPolicy(true, Duration.ZERO, Duration.ZERO, 2, 0, -1, null))
			.withMessageContaining("stableAfter");
	}

	@Test
	void defaultsAndDisabledHaveTheDocumentedValues() {
		ReconnectPolicy defaults = ReconnectPolicy.defaults();
		assertThat(defaults.enabled()).isTrue();
		assertThat(defaults.initialDelay()).isEqualTo(Duration.ofSeconds(1));
		assertThat(defaults.maxDelay()).isEqualTo(Duration.ofSeconds(30));
		assertThat(defaults.multiplier()).isEqualTo(2.0);
		assertThat(defaults.jitter()).isEqualTo(0.2);
		assertThat(defaults.maxAttempts()).isEqualTo(ReconnectPolicy.UNLIMITED);
		assertThat(ReconnectPolicy.disabled().enabled()).isFalse();
	}

	@Test
	void withStableAfterKeepsEveryOtherSetting() {
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(20), 1.5, 0.3, 7);
		assertThat(policy.withStableAfter(Duration.ofSeconds(5)))
			.isEqualTo(new ReconnectPolicy(true, Duration.ofMillis(10), Duration.ofMillis(20), 1.5, 0.3, 7,
					Duration.ofSeconds(5)));
	}

	@Test
	void jitterIsAFractionOfTheInitialDelay() {
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(1000), Duration.ofMillis(100_000), 2.0,
				0.1, ReconnectPolicy.UNLIMITED);
		for (int i = 0; i < 200; i++) {
			long first = policy.toBackOff().start().nextBackOff();
			assertThat(first).isBetween(1000L, 1100L);
		}
	}

	@Test
	void aDisabledPolicyNeverRetriesWhateverItsAttempts() {
		BackOffExecution execution = new ReconnectPolicy(false, Duration.ofMillis(5), Duration.ofMillis(5), 1.0, 0.0,
				ReconnectPolicy.UNLIMITED).toBackOff().start();
		assertThat(execution.nextBackOff()).isEqualTo(BackOffExecution.STOP);
	}

}
