package dev.pubsub.core.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link InboundBudget} and its use by {@link OrderedDispatcher}: reservations fit within the
 * budget or alone, a full budget blocks, drops or drops the oldest as the policy says, every reservation
 * is released when the consumer call ends or the item is dropped or discarded.
 */
class InboundBudgetTests {

	private final PubSubClientMetrics metrics = new PubSubClientMetrics();

	private final Semaphore permits = new Semaphore(0);

	private final List<Integer> consumed = new CopyOnWriteArrayList<>();

	private final List<Integer> dropped = new CopyOnWriteArrayList<>();

	private final List<Integer> discarded = new CopyOnWriteArrayList<>();

	private OrderedDispatcher<Integer> dispatcher;

	@AfterEach
	void stop() {
		this.permits.release(100_000);
		if (this.dispatcher != null) {
			AwaitLimit.join(this.dispatcher.shutdown(Duration.ofSeconds(5)));
		}
	}

	@Test
	void reservationsFitWithinTheBudgetOrAloneAndPublishCurrentAndPeakUse() {
		InboundBudget budget = new InboundBudget(100, this.metrics);
		assertThat(budget.tryAcquire(60)).isTrue();
		assertThat(budget.tryAcquire(40)).isTrue();
		assertThat(budget.tryAcquire(1)).isFalse();
		budget.release(100);
		assertThat(budget.tryAcquire(1_000)).as("larger than the budget, admitted alone").isTrue();
		assertThat(budget.tryAcquire(1)).isFalse();
		assertThat(this.metrics.inboundBufferedBytes()).isEqualTo(1_000);
		budget.release(1_000);
		assertThat(budget.used()).isZero();
		assertThat(this.metrics.inboundBufferedBytes()).isZero();
		assertThat(this.metrics.inboundPeakBytes()).isEqualTo(1_000);
		assertThat(this.metrics.inboundMaxBytes()).isEqualTo(100);
	}

	@Test
	void acquireWaitsUntilEnoughIsReleased() throws Exception {
		InboundBudget budget = new InboundBudget(100, this.metrics);
		budget.acquire(80);
		CompletableFuture<Void> waiter = acquireAsync(budget, 50);
		await().until(budget::isBackPressured);
		assertThat(waiter).isNotDone();
		budget.release(80);
		within10Seconds(waiter);
		assertThat(budget.used()).isEqualTo(50);
		assertThat(budget.isBackPressured()).isFalse();
		assertThat(this.metrics.backPressureWaits()).isEqualTo(1);
	}

	@Test
	void blockPolicyHoldsTheCallerWhileTheBudgetIsFullAndReleasesAfterEachConsumerCall() throws Exception {
		InboundBudget budget = new InboundBudget(30, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.BLOCK, budget);
		this.dispatcher.dispatch(1);
		this.dispatcher.dispatch(2);
		this.dispatcher.dispatch(3);
		CompletableFuture<Boolean> fourth = CompletableFuture.supplyAsync(() -> this.dispatcher.dispatch(4));
		await().until(budget::isBackPressured);
		assertThat(fourth).isNotDone();
		assertThat(budget.used()).isEqualTo(30);
		this.permits.release(1);
		assertThat(within10Seconds(fourth)).isTrue();
		this.permits.release(3);
		await().until(() -> this.consumed.size() == 4);
		assertThat(this.consumed).containsExactly(1, 2, 3, 4);
		await().until(() -> budget.used() == 0);
		assertThat(this.dropped).isEmpty();
		assertThat(this.metrics.inboundPeakBytes()).isEqualTo(30);
	}

	@Test
	void dropNewestDropsWhatDoesNotFitAndReleasesNothingItDidNotReserve() {
		InboundBudget budget = new InboundBudget(30, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.DROP_NEWEST, budget);
		for (int i = 1; i <= 6; i++) {
			this.dispatcher.dispatch(i);
		}
		assertThat(this.dropped).containsExactly(4, 5, 6);
		this.permits.release(3);
		await().until(() -> this.consumed.size() == 3);
		assertThat(this.consumed).containsExactly(1, 2, 3);
		await().until(() -> budget.used() == 0);
	}

	@Test
	void dropOldestDropsQueuedItemsOfTheLaneUntilTheNewOneFits() {
		InboundBudget budget = new InboundBudget(30, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.DROP_OLDEST, budget);
		oneInTheConsumerCallThenTwoToFive();
		// 1 is in the consumer call (reserved), 2 and 3 queued; 4 drops 2, 5 drops 3
		assertThat(this.dropped).containsExactly(2, 3);
		this.permits.release(3);
		await().until(() -> this.consumed.size() == 3);
		assertThat(this.consumed).containsExactly(1, 4, 5);
		await().until(() -> budget.used() == 0);
	}

	@Test
	void anItemLargerThanTheBudgetIsConsumedOnceTheBudgetIsEmpty() throws Exception {
		InboundBudget budget = new InboundBudget(30, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.BLOCK, 100, budget, (item) -> (item == 99) ? 1_000 : 10);
		this.dispatcher.dispatch(1);
		CompletableFuture<Boolean> huge = CompletableFuture.supplyAsync(() -> this.dispatcher.dispatch(99));
		await().until(budget::isBackPressured);
		this.permits.release(2);
		assertThat(within10Seconds(huge)).isTrue();
		await().until(() -> this.consumed.size() == 2);
		assertThat(this.consumed).containsExactly(1, 99);
		await().until(() -> budget.used() == 0);
		assertThat(this.metrics.inboundPeakBytes()).isEqualTo(1_000);
	}

	@Test
	void discardedItemsReleaseTheirReservation() {
		InboundBudget budget = new InboundBudget(1_000, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.BLOCK, budget);
		for (int i = 1; i <= 5; i++) {
			this.dispatcher.dispatch(i);
		}
		await().until(() -> this.dispatcher.backlog() == 4);
		assertThat(budget.used()).isEqualTo(50);
		AwaitLimit.join(this.dispatcher.shutdown(Duration.ZERO));
		assertThat(this.discarded).containsExactly(2, 3, 4, 5);
		assertThat(budget.used()).isEqualTo(10);
		this.permits.release(1);
		await().until(() -> budget.used() == 0);
		assertThat(this.dispatcher.dispatch(6)).isFalse();
		assertThat(this.discarded).containsExactly(2, 3, 4, 5, 6);
		assertThat(budget.used()).isZero();
	}

	@Test
	void theBudgetMustBePositiveAndCanBeChangedWakingTheWaiters() throws Exception {
		assertThatIllegalArgumentException().isThrownBy(() -> new InboundBudget(0, this.metrics))
			.withMessage("maxBytes must be positive");
		InboundBudget budget = new InboundBudget(1, this.metrics);
		assertThat(budget.maxBytes()).isEqualTo(1);
		assertThat(this.metrics.inboundMaxBytes()).isEqualTo(1);
		assertThatIllegalArgumentException().isThrownBy(() -> budget.setMaxBytes(0))
			.withMessage("maxBytes must be positive");
		budget.acquire(1);
		CompletableFuture<Void> waiter = acquireAsync(budget, 50);
		await().until(budget::isBackPressured);
		assertThat(budget.peak()).isEqualTo(1);
		budget.setMaxBytes(100);
		AwaitLimit.join(waiter);
		assertThat(budget.maxBytes()).isEqualTo(100);
		assertThat(this.metrics.inboundMaxBytes()).isEqualTo(100);
		assertThat(budget.used()).isEqualTo(51);
		assertThat(budget.peak()).isEqualTo(51);
		budget.release(51);
		assertThat(budget.peak()).isEqualTo(51);
		assertThat(budget.isBackPressured()).isFalse();
	}

	@Test
	void aMessageWeighsItsSizePlusTheOverhead() {
		PubSubMessage message = PubSubMessage.builder("c", "t", JsonMapper.builder().build()).size(1_000).build();
		assertThat(InboundBudget.weigh(message)).isEqualTo(1_000 + InboundBudget.MESSAGE_OVERHEAD);
	}

	@Test
	void aProducerWaitingForRoomInAFullLaneCountsAsBackPressure() throws Exception {
		InboundBudget budget = new InboundBudget(1_000, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.BLOCK, 1, budget, (item) -> 10);
		assertThat(this.dispatcher.dispatch(1)).isTrue();
		await().until(() -> this.dispatcher.backlog() == 0);
		assertThat(this.dispatcher.dispatch(2)).isTrue();
		CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> this.dispatcher.dispatch(3));
		// the budget has room; the lane (capacity 1) does not
		await().until(budget::isBackPressured);
		assertThat(this.metrics.backPressureWaits()).isEqualTo(1);
		assertThat(third).isNotDone();
		this.permits.release(1);
		assertThat(AwaitLimit.join(third)).isTrue();
		assertThat(budget.isBackPressured()).isFalse();
		this.permits.release(2);
		await().until(() -> this.consumed.size() == 3);
		assertThat(this.consumed).containsExactly(1, 2, 3);
		await().until(() -> budget.used() == 0);
	}

	@Test
	void whatTheBudgetDropsIsRefusedAndNeverConsumed() {
		InboundBudget budget = new InboundBudget(20, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.DROP_NEWEST, budget);
		assertThat(this.dispatcher.dispatch(1)).isTrue();
		assertThat(this.dispatcher.dispatch(2)).isTrue();
		assertThat(this.dispatcher.dispatch(3)).isFalse();
		assertThat(this.dropped).containsExactly(3);
		assertThat(budget.used()).isEqualTo(20);
		this.permits.release(3);
		await().until(() -> this.consumed.size() == 2);
		assertThat(this.dispatcher.dispatch(4)).isTrue();
		await().until(() -> this.consumed.size() == 3);
		assertThat(this.consumed).containsExactly(1, 2, 4);
		assertThat(this.dropped).containsExactly(3);
	}

	@Test
	void aFullLaneDroppingItsOldestReleasesTheOldestsReservation() {
		InboundBudget budget = new InboundBudget(1_000, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.DROP_OLDEST, 2, budget, (item) -> 10);
		oneInTheConsumerCallThenTwoToFive();
		// 1 in the consumer call, the lane holds two: 4 drops 2, 5 drops 3
		assertThat(this.dropped).containsExactly(2, 3);
		assertThat(budget.used()).isEqualTo(30);
		this.permits.release(3);
		await().until(() -> this.consumed.size() == 3);
		assertThat(this.consumed).containsExactly(1, 4, 5);
		await().until(() -> budget.used() == 0);
	}

	@Test
	void aFullBudgetAfterShutdownBeganDiscardsInsteadOfDropping() {
		InboundBudget budget = new InboundBudget(10, this.metrics);
		this.dispatcher = dispatcher(OverflowPolicy.DROP_NEWEST, budget);
		this.dispatcher.dispatch(1);
		this.dispatcher.shutdown(Duration.ofSeconds(30));
		assertThat(this.dispatcher.dispatch(2)).isFalse();
		assertThat(this.discarded).containsExactly(2);
		assertThat(this.dropped).isEmpty();
		assertThat(budget.used()).isEqualTo(10);
	}

	private OrderedDispatcher<Integer> dispatcher(OverflowPolicy policy, InboundBudget budget) {
		return dispatcher(policy, 100, budget, (item) -> 10);
	}

	private OrderedDispatcher<Integer> dispatcher(OverflowPolicy policy, int laneCapacity, InboundBudget budget,
			ToLongFunction<Integer> weigher) {
		return new OrderedDispatcher<>("test", 1, laneCapacity, policy, (item) -> "k", this::consume, this.dropped::add,
				this.discarded::add, budget, weigher);
	}

	/** Dispatch 1 and wait until it is in the consumer call (holding its reservation), then dispatch 2 to 5. */
	private void oneInTheConsumerCallThenTwoToFive() {
		this.dispatcher.dispatch(1);
		await().until(() -> this.dispatcher.backlog() == 0);
		for (int i = 2; i <= 5; i++) {
			this.dispatcher.dispatch(i);
		}
	}

	@Test
	void concurrentReservationsAndReleasesWithoutALockNeverOvershootNorLoseAWakeUp() throws Exception {
		InboundBudget budget = new InboundBudget(10, this.metrics);
		java.util.concurrent.BlockingQueue<Long> held = new java.util.concurrent.LinkedBlockingQueue<>();
		int perThread = 5_000;
		java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(3);
		List<CompletableFuture<Void>> producers = new java.util.ArrayList<>();
		for (int t = 0; t < 2; t++) {
			producers.add(CompletableFuture.runAsync(() -> {
				for (int i = 0; i < perThread; i++) {
					try {
						budget.acquire(6);
					}
					catch (InterruptedException ex) {
						throw new IllegalStateException(ex);
					}
					held.add(6L);
				}
			}, threads));
		}
		CompletableFuture<Void> releaser = CompletableFuture.runAsync(() -> {
			for (int i = 0; i < 2 * perThread; i++) {
				try {
					budget.release(held.take());
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}, threads);
		try {
			within10Seconds(CompletableFuture.allOf(producers.get(0), producers.get(1), releaser));
		}
		finally {
			threads.shutdownNow();
		}
		assertThat(budget.used()).isZero();
		assertThat(budget.peak()).as("two reservations of 6 never fit a budget of 10 together").isEqualTo(6);
		assertThat(this.metrics.inboundBufferedBytes()).isZero();
		assertThat(this.metrics.inboundPeakBytes()).isEqualTo(6);
	}

	private static CompletableFuture<Void> acquireAsync(InboundBudget budget, long bytes) {
		return CompletableFuture.runAsync(() -> {
			try {
				budget.acquire(bytes);
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static <T> T within10Seconds(CompletableFuture<T> future) throws Exception {
		return future.get(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS);
	}

	private void consume(Integer item) {
		this.permits.acquireUninterruptibly();
		this.consumed.add(item);
	}

}
