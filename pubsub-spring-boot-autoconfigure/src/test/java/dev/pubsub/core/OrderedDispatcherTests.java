package dev.pubsub.core;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.OrderedDispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OrderedDispatcher}.
 */
class OrderedDispatcherTests {

	@Test
	void itemsOfOneKeyAreConsumedInOrderAcrossLanes() {
		Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
		OrderedDispatcher<String[]> dispatcher = new OrderedDispatcher<>("test", 4, 10_000, OverflowPolicy.BLOCK,
				(item) -> item[0],
				(item) -> seen.computeIfAbsent(item[0], (k) -> new CopyOnWriteArrayList<>()).add(Integer.valueOf(item[1])),
				(item) -> {
				});
		for (int i = 0; i < 1000; i++) {
			for (String key : List.of("a", "b", "c", "d", "e")) {
				dispatcher.dispatch(new String[] { key, String.valueOf(i) });
			}
		}
		await().until(() -> seen.values().stream().mapToInt(List::size).sum() == 5000);
		seen.values().forEach((list) -> assertThat(list).isSorted().hasSize(1000));
		dispatcher.shutdown(1000);
	}

	@Test
	void fullQueueDropsNewestAndReportsEachDrop() throws InterruptedException {
		CountDownLatch release = new CountDownLatch(1);
		CountDownLatch started = new CountDownLatch(1);
		AtomicInteger dropped = new AtomicInteger();
		AtomicInteger consumed = new AtomicInteger();
		OrderedDispatcher<Integer> dispatcher = new OrderedDispatcher<>("test", 1, 2, OverflowPolicy.DROP_NEWEST,
				(item) -> "k", (item) -> {
					started.countDown();
					awaitQuietly(release);
					consumed.incrementAndGet();
				}, (item) -> dropped.incrementAndGet());
		dispatcher.dispatch(0);
		assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(dispatcher.dispatch(1)).isTrue();
		assertThat(dispatcher.dispatch(2)).isTrue();
		assertThat(dispatcher.dispatch(3)).isFalse();
		assertThat(dropped).hasValue(1);
		release.countDown();
		await().untilAtomic(consumed, org.hamcrest.Matchers.equalTo(3));
		dispatcher.shutdown(1000);
	}

	@Test
	void consumerFailureDoesNotStopTheLane() {
		AtomicInteger consumed = new AtomicInteger();
		OrderedDispatcher<Integer> dispatcher = new OrderedDispatcher<>("test", 1, 10, OverflowPolicy.DROP_NEWEST,
				(item) -> "k", (item) -> {
					consumed.incrementAndGet();
					if (item == 0) {
						throw new IllegalStateException("boom");
					}
				}, (item) -> {
				});
		dispatcher.dispatch(0);
		dispatcher.dispatch(1);
		await().untilAtomic(consumed, org.hamcrest.Matchers.equalTo(2));
		dispatcher.shutdown(1000);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
