package dev.pubsub.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.PendingRequests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that {@link PendingRequests} cleans up after itself: every answered, failed or abandoned request
 * cancels its timeout task (so a busy client does not pile up one scheduled task per request until the
 * timeouts expire) and leaves no entry behind.
 */
class PendingRequestsBookkeepingTests {

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final PendingRequests<String, String> pending = new PendingRequests<>(this.scheduler, "ack");

	PendingRequestsBookkeepingTests() {
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	@AfterEach
	void shutdown() {
		this.scheduler.shutdownNow();
	}

	@Test
	void completingCancelsTheTimeoutTask() {
		CompletableFuture<String> future = this.pending.register("a", Duration.ofMinutes(5));
		assertThat(this.scheduler.getQueue()).hasSize(1);
		assertThat(this.pending.isPending("a")).isTrue();
		assertThat(this.pending.complete("a", "ok")).isTrue();
		assertThat(future).isCompletedWithValue("ok");
		assertThat(this.scheduler.getQueue()).isEmpty();
		assertThat(this.pending.isPending("a")).isFalse();
	}

	@Test
	void failingCancelsTheTimeoutTaskAndPassesTheCause() {
		CompletableFuture<String> future = this.pending.register("a", Duration.ofMinutes(5));
		IllegalStateException refused = new IllegalStateException("refused");
		assertThat(this.pending.fail("a", refused)).isTrue();
		assertThat(future).failsWithin(Duration.ZERO)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isSameAs(refused);
		assertThat(this.scheduler.getQueue()).isEmpty();
		assertThat(this.pending.size()).isZero();
		assertThat(this.pending.fail("a", refused)).isFalse();
	}

	@Test
	void extendingReplacesTheTimeoutTaskInsteadOfAddingOne() {
		CompletableFuture<String> future = this.pending.register("a", Duration.ofMinutes(5));
		assertThat(this.pending.extend("a", Duration.ofMinutes(10))).isSameAs(future);
		assertThat(this.scheduler.getQueue()).hasSize(1);
		assertThat(this.pending.extend("unknown", Duration.ofMinutes(10))).isNull();
		assertThat(this.scheduler.getQueue()).hasSize(1);
	}

	@Test
	void extendingCanShortenTheTimeout() {
		CompletableFuture<String> future = this.pending.register("a", Duration.ofMinutes(5));
		this.pending.extend("a", Duration.ofMillis(20));
		await().atMost(AwaitLimit.atMost(Duration.ofSeconds(30))).until(future::isDone);
		assertThat(future).isCompletedExceptionally();
		assertThat(this.pending.isPending("a")).isFalse();
	}

	@Test
	void aFutureCompletedByItsCallerLeavesNoEntry() {
		CompletableFuture<String> cancelled = this.pending.register("a", Duration.ofMinutes(5));
		CompletableFuture<String> other = this.pending.register("b", Duration.ofMinutes(5));
		cancelled.cancel(false);
		assertThat(this.pending.isPending("a")).isFalse();
		assertThat(this.pending.isPending("b")).isTrue();
		assertThat(this.pending.complete("a", "late")).isFalse();
		assertThat(this.pending.size()).isEqualTo(1);
		assertThat(other).isNotDone();
	}

	@Test
	void anIdCanBeReusedAfterItTimedOut() {
		CompletableFuture<String> first = this.pending.register("a", Duration.ofMillis(20));
		await().atMost(AwaitLimit.atMost(Duration.ofSeconds(30))).until(first::isDone);
		CompletableFuture<String> second = this.pending.register("a", Duration.ofMinutes(5));
		assertThat(this.pending.complete("a", "ok")).isTrue();
		assertThat(second).isCompletedWithValue("ok");
	}

	@Test
	void failAllGivesEachRequestItsOwnFailure() {
		CompletableFuture<String> a = this.pending.register("a", Duration.ofMinutes(5));
		CompletableFuture<String> b = this.pending.register("b", Duration.ofMinutes(5));
		this.pending.failAll(() -> new PubSubConnectionLostException("dropped"));
		Throwable causeA = AwaitLimit.join(a.handle((value, ex) -> ex));
		Throwable causeB = AwaitLimit.join(b.handle((value, ex) -> ex));
		assertThat(causeA).isInstanceOf(PubSubConnectionLostException.class).isNotSameAs(causeB);
		assertThat(this.scheduler.getQueue()).isEmpty();
	}

}
