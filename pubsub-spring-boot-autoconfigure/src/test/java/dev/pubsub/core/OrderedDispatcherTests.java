package dev.pubsub.core;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.OrderedDispatcher;
import dev.pubsub.core.support.OrderedDispatcher.ShutdownResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OrderedDispatcher}: ordering per key, each overflow policy with exactly which
 * items it drops, and shutdown that drains, never interrupts, and reports what it discards.
 */
class OrderedDispatcherTests {

	private final Semaphore permits = new Semaphore(0);

	private final List<Integer> consumed = new CopyOnWriteArrayList<>();

	private final List<Integer> dropped = new CopyOnWriteArrayList<>();

	private final List<Integer> discarded = new CopyOnWriteArrayList<>();

	private final CountDownLatch firstTaken = new CountDownLatch(1);

	private OrderedDispatcher<Integer> dispatcher;

	@AfterEach
	void releaseAndStop() {
		this.permits.release(100_000);
		if (this.dispatcher != null) {
			AwaitLimit.join(this.dispatcher.shutdown(Duration.ofSeconds(5)));
		}
	}

	@Test
	void itemsOfOneKeyAreConsumedInOrderAcrossLanes() {
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		OrderedDispatcher<String[]> ordered = new OrderedDispatcher<>("test", 4, 10_000, OverflowPolicy.BLOCK,
				(item) -> item[0],
				(item) -> seen.computeIfAbsent(item[0], (k) -> new CopyOnWriteArrayList<>()).add(Integer.valueOf(item[1])),
				(item) -> {
				}, (item) -> {
				});
		for (int i = 0; i < 1000; i++) {
			for (String key : List.of("a", "b", "c", "d", "e")) {
				ordered.dispatch(new String[] { key, String.valueOf(i) });
			}
		}
		await().until(() -> seen.values().stream().mapToInt(List::size).sum() == 5000);
		seen.values().forEach((list) -> assertThat(list).isSorted().hasSize(1000));
		AwaitLimit.join(ordered.shutdown(Duration.ofSeconds(1)));
	}

	@Test
	void dropNewestDropsTheItemsThatDoNotFit() throws InterruptedException {
		this.dispatcher = gated(3, OverflowPolicy.DROP_NEWEST);
		fillBehindABlockedConsumer(6);
		assertThat(this.dropped).containsExactly(4, 5, 6);
		this.permits.release(100);
		await().until(() -> this.consumed.size() == 4);
		assertThat(this.consumed).containsExactly(0, 1, 2, 3);
		assertThat(this.dropped).containsExactly(4, 5, 6);
	}

	@Test
	void dropOldestDropsTheOldestQueuedItemsToMakeRoom() throws InterruptedException {
		this.dispatcher = gated(3, OverflowPolicy.DROP_OLDEST);
		fillBehindABlockedConsumer(7);
		assertThat(this.dropped).containsExactly(1, 2, 3, 4);
		assertThat(this.dispatcher.backlog()).isEqualTo(3);
		this.permits.release(100);
		await().until(() -> this.consumed.size() == 4);
		assertThat(this.consumed).containsExactly(0, 5, 6, 7);
		assertThat(this.dropped).containsExactly(1, 2, 3, 4);
	}

	@Test
	void dropsAreCountedInTheClientMetricsExactly() throws InterruptedException {
		PubSubClientMetrics metrics = new PubSubClientMetrics();
		this.dispatcher = new OrderedDispatcher<>("test", 1, 2, OverflowPolicy.DROP_OLDEST, (item) -> "k",
				this::consumeWhenPermitted, (item) -> metrics.messageDropped(), this.discarded::add);
		this.dispatcher.dispatch(0);
		assertThat(this.firstTaken.await(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		IntStream.rangeClosed(1, 50).forEach(this.dispatcher::dispatch);
		assertThat(metrics.dropped()).isEqualTo(48);
		this.permits.release(100);
		await().until(() -> this.consumed.size() == 3);
		assertThat(this.consumed).containsExactly(0, 49, 50);
	}

	@Test
	void blockMakesTheProducerWaitUntilTheConsumerFreesRoom() throws InterruptedException {
		this.dispatcher = gated(2, OverflowPolicy.BLOCK);
		fillBehindABlockedConsumer(2);
		AtomicReferenceThread producer = new AtomicReferenceThread();
		CompletableFuture<Boolean> third = CompletableFuture.supplyAsync(() -> {
			producer.set(Thread.currentThread());
			return this.dispatcher.dispatch(3);
		});
		await().until(() -> producer.get() != null && producer.get().getState() == Thread.State.WAITING);
		assertThat(third).isNotDone();
		assertThat(this.dispatcher.backlog()).isEqualTo(2);
		this.permits.release(1);
		await().until(third::isDone);
		assertThat(AwaitLimit.join(third)).isTrue();
		this.permits.release(100);
		await().until(() -> this.consumed.size() == 4);
		assertThat(this.consumed).containsExactly(0, 1, 2, 3);
		assertThat(this.dropped).isEmpty();
	}

	@Test
	void consumerFailureDoesNotStopTheLane() {
		AtomicInteger calls = new AtomicInteger();
		this.dispatcher = new OrderedDispatcher<>("test", 1, 10, OverflowPolicy.DROP_NEWEST, (item) -> "k", (item) -> {
			calls.incrementAndGet();
			if (item == 0) {
				throw new IllegalStateException("boom");
			}
			this.consumed.add(item);
		}, this.dropped::add, this.discarded::add);
		this.dispatcher.dispatch(0);
		this.dispatcher.dispatch(1);
		await().until(() -> this.consumed.contains(1));
		assertThat(calls).hasValue(2);
	}

	@Test
	void shutdownDrainsEveryQueuedItemWithinTheTimeout() throws InterruptedException {
		this.dispatcher = gated(1000, OverflowPolicy.DROP_NEWEST);
		fillBehindABlockedConsumer(100);
		CompletableFuture<ShutdownResult> result = this.dispatcher.shutdown(Duration.ofSeconds(10));
		assertThat(this.dispatcher.dispatch(101)).isFalse();
		this.permits.release(1000);
		ShutdownResult outcome = AwaitLimit.join(result);
		assertThat(outcome).isEqualTo(new ShutdownResult(0, 0));
		assertThat(this.consumed).containsExactlyElementsOf(IntStream.rangeClosed(0, 100).boxed().toList());
		assertThat(this.discarded).containsExactly(101);
		assertThat(this.dropped).isEmpty();
		await().until(() -> this.dispatcher.liveLanes() == 0);
	}

	@Test
	void shutdownDiscardsExactlyWhatIsLeftAfterTheTimeoutAndNeverInterruptsTheConsumer()
			throws InterruptedException {
		AtomicBoolean interrupted = new AtomicBoolean();
		CountDownLatch release = new CountDownLatch(1);
		this.dispatcher = new OrderedDispatcher<>("test", 1, 1000, OverflowPolicy.DROP_NEWEST, (item) -> "k",
				(item) -> {
					this.firstTaken.countDown();
					try {
						release.await(30, TimeUnit.SECONDS);
					}
					catch (InterruptedException ex) {
						interrupted.set(true);
					}
					interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
					this.consumed.add(item);
				}, this.dropped::add, this.discarded::add);
		this.dispatcher.dispatch(0);
		assertThat(this.firstTaken.await(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		IntStream.rangeClosed(1, 100).forEach(this.dispatcher::dispatch);
		ShutdownResult outcome = AwaitLimit.join(this.dispatcher.shutdown(Duration.ofMillis(50)));
		assertThat(outcome).isEqualTo(new ShutdownResult(100, 1));
		assertThat(this.discarded).containsExactlyElementsOf(IntStream.rangeClosed(1, 100).boxed().toList());
		assertThat(this.consumed).isEmpty();
		release.countDown();
		await().until(() -> this.consumed.contains(0));
		assertThat(interrupted).isFalse();
		assertThat(this.consumed).containsExactly(0);
		await().until(() -> this.dispatcher.liveLanes() == 0);
	}

	@Test
	void blockedProducerDiscardsItsItemWhenTheShutdownTimeoutPasses() throws InterruptedException {
		this.dispatcher = gated(1, OverflowPolicy.BLOCK);
		fillBehindABlockedConsumer(1);
		AtomicReferenceThread producer = new AtomicReferenceThread();
		CompletableFuture<Boolean> blocked = CompletableFuture.supplyAsync(() -> {
			producer.set(Thread.currentThread());
			return this.dispatcher.dispatch(2);
		});
		await().until(() -> producer.get() != null && producer.get().getState() == Thread.State.WAITING);
		assertThat(blocked).isNotDone();
		ShutdownResult outcome = AwaitLimit.join(this.dispatcher.shutdown(Duration.ofMillis(50)));
		assertThat(outcome.discarded()).isEqualTo(1);
		assertThat(AwaitLimit.join(blocked)).isFalse();
		assertThat(this.discarded).containsExactlyInAnyOrder(1, 2);
	}

	@Test
	void lanesAreLiveDaemonThreadsUntilShutdownAndAnIdleLaneIsNotCountedAsStillRunning()
			throws InterruptedException {
		List<Thread> threads = new CopyOnWriteArrayList<>();
		CountDownLatch release = new CountDownLatch(1);
		// even items go to one lane, odd ones to the other
		this.dispatcher = new OrderedDispatcher<>("lanes", 2, 100, OverflowPolicy.DROP_NEWEST,
				(item) -> (item % 2 == 0) ? "a" : "b", (item) -> {
					threads.add(Thread.currentThread());
					if (item == 0) {
						this.firstTaken.countDown();
						awaitQuietly(release);
					}
					this.consumed.add(item);
				}, this.dropped::add, this.discarded::add);
		assertThat(this.dispatcher.liveLanes()).isEqualTo(2);
		this.dispatcher.dispatch(0);
		assertThat(this.firstTaken.await(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		this.dispatcher.dispatch(2);
		this.dispatcher.dispatch(4);
		this.dispatcher.dispatch(1);
		await().until(() -> this.consumed.contains(1));
		assertThat(threads).hasSize(2).allSatisfy((thread) -> {
			assertThat(thread.isDaemon()).isTrue();
			assertThat(thread.getName()).startsWith("lanes-");
		});
		assertThat(this.dispatcher.backlog()).isEqualTo(2);
		// the odd lane drains at once and ends; the even one is in its consumer call with two queued
		ShutdownResult outcome = AwaitLimit.join(this.dispatcher.shutdown(Duration.ofMillis(50)));
		assertThat(outcome).isEqualTo(new ShutdownResult(2, 1));
		assertThat(this.discarded).containsExactly(2, 4);
		assertThat(this.dispatcher.backlog()).isZero();
		await().until(() -> this.dispatcher.liveLanes() == 1);
		release.countDown();
		await().until(() -> this.dispatcher.liveLanes() == 0);
		assertThat(this.consumed).containsExactlyInAnyOrder(0, 1);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(AwaitLimit.atMost(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private OrderedDispatcher<Integer> gated(int capacity, OverflowPolicy policy) {
		return new OrderedDispatcher<>("test", 1, capacity, policy, (item) -> "k", this::consumeWhenPermitted,
				this.dropped::add, this.discarded::add);
	}

	private void consumeWhenPermitted(Integer item) {
		this.firstTaken.countDown();
		this.permits.acquireUninterruptibly();
		this.consumed.add(item);
	}

	/**
	 * Dispatch item 0, wait until the consumer holds it (blocked on a permit), then dispatch 1..n.
	 */
	private void fillBehindABlockedConsumer(int n) throws InterruptedException {
		this.dispatcher.dispatch(0);
		assertThat(this.firstTaken.await(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		IntStream.rangeClosed(1, n).forEach(this.dispatcher::dispatch);
	}

	private static final class AtomicReferenceThread {

		private volatile Thread thread;

		Thread get() {
			return this.thread;
		}

		void set(Thread thread) {
			this.thread = thread;
		}

	}

}
