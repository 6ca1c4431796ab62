package dev.pubsub.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.FixedBackOff;

import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.PubSubException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the retry decisions of one listener ({@link PubSubListenerRetry}): one back-off
 * execution per message, the retry policy's predicate and timeout, the exceptions that are never
 * retried, and back-off waits that a stopping container ends at once.
 */
class PubSubListenerRetryDecisionTests {

	@Test
	void withoutAPolicyNothingIsRetried() {
		PubSubListenerRetry.Attempts attempts = new PubSubListenerRetry(null, List.of()).start();
		assertThat(attempts.nextBackOff(new IllegalStateException())).isEqualTo(-1);
	}

	@Test
	void eachMessageFollowsItsOwnBackOffExecutionUntilItStops() {
		PubSubListenerRetry retry = new PubSubListenerRetry(
				RetryPolicy.builder().backOff(new FixedBackOff(25, 2)).build(), List.of());
		PubSubListenerRetry.Attempts first = retry.start();
		assertThat(first.attempted()).isEqualTo(1);
		assertThat(first.nextBackOff(new IllegalStateException())).isEqualTo(25);
		assertThat(first.attempted()).isEqualTo(2);
		assertThat(first.nextBackOff(new IllegalStateException())).isEqualTo(25);
		assertThat(first.attempted()).isEqualTo(3);
		assertThat(first.count()).isEqualTo(3);
		assertThat(first.nextBackOff(new IllegalStateException())).isEqualTo(-1);
		// the next message starts over
		PubSubListenerRetry.Attempts second = retry.start();
		assertThat(second.count()).isZero();
		assertThat(second.nextBackOff(new IllegalStateException())).isEqualTo(25);
	}

	@Test
	void thePolicysPredicateDecidesWhatIsRetried() {
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.builder()
			.backOff(new FixedBackOff(5, 3))
			.predicate((failure) -> failure instanceof PubSubException)
			.build(), List.of());
		assertThat(retry.start().nextBackOff(new PubSubException("transient"))).isEqualTo(5);
		assertThat(retry.start().nextBackOff(new IllegalStateException("bug"))).isEqualTo(-1);
	}

	@Test
	void configuredNotRetryableTypesAreFoundAnywhereInTheCauseChain() {
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.withMaxRetries(3),
				List.of(IllegalArgumentException.class, UnsupportedOperationException.class));
		assertThat(retry.isNotRetryable(new IllegalArgumentException())).isTrue();
		assertThat(retry.isNotRetryable(new NumberFormatException())).isTrue();
		assertThat(retry.isNotRetryable(
				new IllegalStateException(new RuntimeException(new UnsupportedOperationException("deep"))))).isTrue();
		assertThat(retry.isNotRetryable(new IllegalStateException(new RuntimeException("transient")))).isFalse();
		assertThat(retry.isNotRetryable(new MessageConversionException("never fixed by retrying"))).isTrue();
		assertThat(retry.start().nextBackOff(new IllegalStateException(new IllegalArgumentException()))).isEqualTo(-1);
		assertThat(new PubSubListenerRetry(RetryPolicy.withMaxRetries(3), List.of())
			.isNotRetryable(new IllegalArgumentException())).isFalse();
	}

	@Test
	void theConfiguredTypesAreCopied() {
		List<Class<? extends Throwable>> types = new java.util.ArrayList<>(List.of(IllegalArgumentException.class));
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.withMaxRetries(3), types);
		types.clear();
		assertThat(retry.isNotRetryable(new IllegalArgumentException())).isTrue();
	}

	@Test
	void aBackOffThatWouldEndPastThePolicysTimeoutGivesUp() {
		PubSubListenerRetry.Attempts limited = new PubSubListenerRetry(RetryPolicy.builder()
			.backOff(new FixedBackOff(60_000, 5))
			.timeout(Duration.ofSeconds(30))
			.build(), List.of()).start();
		assertThat(limited.nextBackOff(new IllegalStateException())).isEqualTo(-1);
		PubSubListenerRetry.Attempts roomy = new PubSubListenerRetry(RetryPolicy.builder()
			.backOff(new FixedBackOff(60_000, 5))
			.timeout(Duration.ofHours(1))
			.build(), List.of()).start();
		assertThat(roomy.nextBackOff(new IllegalStateException())).isEqualTo(60_000);
		// a zero timeout is no limit
		PubSubListenerRetry.Attempts unlimited = new PubSubListenerRetry(RetryPolicy.builder()
			.backOff(new FixedBackOff(60_000, 5))
			.timeout(Duration.ZERO)
			.build(), List.of()).start();
		assertThat(unlimited.nextBackOff(new IllegalStateException())).isEqualTo(60_000);
	}

	@Test
	void aNegativeIntervalOtherThanStopRetriesAtOnce() {
		RetryPolicy policy = RetryPolicy.builder().backOff(() -> new BackOffExecution() {

			@Override
			public long nextBackOff() {
				return -7;
			}

		}).build();
		assertThat(new PubSubListenerRetry(policy, List.of()).start().nextBackOff(new IllegalStateException()))
			.isZero();
	}

	@Test
	void aBackOffWaitsThenAllowsTheNextAttempt() {
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.withMaxRetries(3), List.of());
		assertThat(retry.backOff(0)).isTrue();
		long start = System.nanoTime();
		assertThat(retry.backOff(30)).isTrue();
		// never earlier than asked (no upper bound asserted: the machine may be slow)
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isGreaterThanOrEqualTo(29);
	}

	@Test
	void stoppingEndsWaitingAndLaterBackOffsUntilTheContainerStartsAgain() throws Exception {
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.withMaxRetries(3), List.of());
		CompletableFuture<Boolean> waiting = new CompletableFuture<>();
		Thread thread = new Thread(() -> waiting.complete(retry.backOff(3_600_000)));
		thread.start();
		await().until(() -> thread.getState() == Thread.State.TIMED_WAITING);
		assertThat(waiting).isNotDone();
		retry.stopping();
		assertThat(waiting.get(AwaitLimit.atMost(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS)).isFalse();
		// an hour: only the stop can end it
		assertThat(retry.backOff(3_600_000)).isFalse();
		retry.started();
		assertThat(retry.backOff(1)).isTrue();
	}

	@Test
	void anInterruptedWaitGivesUpAndKeepsTheInterrupt() {
		PubSubListenerRetry retry = new PubSubListenerRetry(RetryPolicy.withMaxRetries(3), List.of());
		Thread.currentThread().interrupt();
		try {
			assertThat(retry.backOff(3_600_000)).isFalse();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

}
