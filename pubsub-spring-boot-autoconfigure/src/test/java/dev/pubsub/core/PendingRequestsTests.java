package dev.pubsub.core;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.PendingRequests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PendingRequests}.
 */
class PendingRequestsTests {

	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

	private final PendingRequests<String, String> pending = new PendingRequests<>(this.scheduler, "ack");

	@AfterEach
	void shutdown() {
		this.scheduler.shutdownNow();
	}

	@Test
	void responseThatArrivesBeforeAnyoneWaitsStillCompletesTheFuture() {
		CompletableFuture<String> future = this.pending.register("9f2c01", Duration.ofSeconds(5));
		assertThat(this.pending.complete("9f2c01", "ok")).isTrue();
		assertThat(future).isCompletedWithValue("ok");
		assertThat(this.pending.size()).isZero();
	}

	@Test
	void timeoutFailsTheFutureAndRemovesTheEntry() {
		CompletableFuture<String> future = this.pending.register("a", Duration.ofMillis(50));
		await().until(future::isDone);
		assertThat(future).failsWithin(Duration.ZERO)
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(PubSubTimeoutException.class)
			.withMessageContaining("ack for id 'a'");
		assertThat(this.pending.size()).isZero();
		assertThat(this.pending.complete("a", "late")).isFalse();
	}

	@Test
	void extendRestartsTheTimeout() {
		CompletableFuture<String> future = this.pending.register("a", Duration.ofMillis(100));
		this.pending.extend("a", Duration.ofSeconds(30));
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !future.isDone());
		assertThat(this.pending.complete("a", "ok")).isTrue();
	}

	@Test
	void failAllFailsEveryPendingFuture() {
		CompletableFuture<String> a = this.pending.register("a", Duration.ofSeconds(5));
		CompletableFuture<String> b = this.pending.register("b", Duration.ofSeconds(5));
		this.pending.failAll(() -> new PubSubConnectionLostException("dropped"));
		assertThat(a).isCompletedExceptionally();
		assertThat(b).isCompletedExceptionally();
		assertThat(this.pending.size()).isZero();
	}

	@Test
	void duplicateIdIsRejected() {
		this.pending.register("a", Duration.ofSeconds(5));
		assertThatIllegalStateException().isThrownBy(() -> this.pending.register("a", Duration.ofSeconds(5)))
			.withMessageContaining("already pending");
	}

}
