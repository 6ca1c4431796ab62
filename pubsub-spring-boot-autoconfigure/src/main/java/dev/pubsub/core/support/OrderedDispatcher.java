package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.OverflowPolicy;

/**
 * Hands items to a consumer on a fixed set of worker threads ("lanes"), each with a bounded queue.
 * Items with the same key always go to the same lane, so they are consumed in order. A full lane
 * applies the {@link OverflowPolicy}; what it drops goes to the drop callback. A lane's queue
 * grows as items arrive, up to its capacity; nothing is allocated up front at the maximum.
 * <p>
 * {@link #shutdown(Duration)} never interrupts the consumer: the lanes stop taking new items, hand
 * what they hold to the consumer until the timeout, and then discard the rest through the discard
 * callback, so every item that entered {@link #dispatch(Object)} is either consumed, dropped or
 * discarded, and each of those is reported.
 * <p>
 * With an {@link InboundBudget}, each item's weight is reserved before it is queued and released when
 * its consumer call ends (or when it is dropped or discarded). A budget that is full applies the
 * overflow policy as a full lane does: {@link OverflowPolicy#BLOCK} waits for room,
 * {@link OverflowPolicy#DROP_OLDEST} drops this lane's oldest items until the new one fits (or the lane
 * is empty, then the new one), {@link OverflowPolicy#DROP_NEWEST} drops the new one.
 *
 * @param <T> the item type
 */
public final class OrderedDispatcher<T> {

	private static final Log logger = LogFactory.getLog(OrderedDispatcher.class);

	private final List<DispatcherLane<T>> lanes;

	private final Function<T, String> keyFunction;

	private final Consumer<T> consumer;

	private final Consumer<T> onDrop;

	private final Consumer<T> onDiscard;

	private final OverflowPolicy overflowPolicy;

	private final @Nullable InboundBudget budget;

	private final ToLongFunction<T> weigher;

	private final Object shutdownMonitor = new Object();

	private @Nullable CompletableFuture<ShutdownResult> termination;

	/**
	 * Create and start a dispatcher.
	 * @param name the thread name prefix
	 * @param concurrency the number of lanes
	 * @param capacity the queue capacity of each lane
	 * @param overflowPolicy what to do when a lane is full
	 * @param keyFunction the ordering key of an item
	 * @param consumer consumes items; exceptions are logged and do not stop the lane
	 * @param onDrop called for each item dropped by the overflow policy
	 * @param onDiscard called for each item discarded because the dispatcher was shut down: offered
	 * after {@link #shutdown(Duration)} began, or still queued when its timeout passed
	 */
	public OrderedDispatcher(String name, int concurrency, int capacity, OverflowPolicy overflowPolicy,
			Function<T, String> keyFunction, Consumer<T> consumer, Consumer<T> onDrop, Consumer<T> onDiscard) {
		this(name, concurrency, capacity, overflowPolicy, keyFunction, consumer, onDrop, onDiscard, null,
				(item) -> 0);
	}

	/**
	 * Create and start a dispatcher whose queued and in-flight items are also bounded in bytes by a
	 * budget (shared with other dispatchers of the same client).
	 * @param name the thread name prefix
	 * @param concurrency the number of lanes
	 * @param capacity the queue capacity of each lane
	 * @param overflowPolicy what to do when a lane or the budget is full
	 * @param keyFunction the ordering key of an item
	 * @param consumer consumes items; exceptions are logged and do not stop the lane
	 * @param onDrop called for each item dropped by the overflow policy
	 * @param onDiscard called for each item discarded because the dispatcher was shut down
	 * @param budget the byte budget, or {@code null} for none
	 * @param weigher the bytes an item takes from the budget
	 */
	public OrderedDispatcher(String name, int concurrency, int capacity, OverflowPolicy overflowPolicy,
			Function<T, String> keyFunction, Consumer<T> consumer, Consumer<T> onDrop, Consumer<T> onDiscard,
			@Nullable InboundBudget budget, ToLongFunction<T> weigher) {
		this.budget = budget;
		this.weigher = weigher;
		if (concurrency < 1 || capacity < 1) {
			throw new IllegalArgumentException("concurrency and capacity must be at least 1");
		}
		this.keyFunction = keyFunction;
		this.consumer = consumer;
		this.onDrop = onDrop;
		this.onDiscard = onDiscard;
		this.overflowPolicy = overflowPolicy;
		this.lanes = new ArrayList<>(concurrency);
		for (int i = 0; i < concurrency; i++) {
			this.lanes.add(new DispatcherLane<>(this, name + "-" + i, capacity));
		}
		this.lanes.forEach(DispatcherLane::start);
	}

	/**
	 * Queue an item on its lane. With {@link OverflowPolicy#BLOCK} the caller waits while the lane
	 * is full.
	 * @param item the item
	 * @return {@code true} if the item was queued; {@code false} if it was dropped or discarded
	 * (and reported)
	 */
	public boolean dispatch(T item) {
		DispatcherLane<T> lane = this.lanes.get(Math.floorMod(this.keyFunction.apply(item).hashCode(), this.lanes.size()));
		return lane.offer(item);
	}

	/**
	 * Return the number of queued items over all lanes (not counting those being consumed).
	 * @return the backlog
	 */
	public int backlog() {
		int total = 0;
		for (DispatcherLane<T> lane : this.lanes) {
			total += lane.size();
		}
		return total;
	}

	/**
	 * Return the number of lane threads still alive.
	 * @return the number of live lanes
	 */
	public int liveLanes() {
		int live = 0;
		for (DispatcherLane<T> lane : this.lanes) {
			live += lane.isAlive() ? 1 : 0;
		}
		return live;
	}

	/**
	 * Stop accepting items and let the lanes consume what they hold; when the timeout passes, discard
	 * what is still queued. A consumer call in progress is never interrupted: it completes on its
	 * lane, which then ends. Returns at once; calling it again returns the same future.
	 * @param timeout how long queued items may still be consumed
	 * @return a future completed when every lane has ended, or when the timeout passed, with what was
	 * discarded then
	 */
	public CompletableFuture<ShutdownResult> shutdown(Duration timeout) {
		CompletableFuture<ShutdownResult> result;
		synchronized (this.shutdownMonitor) {
			if (this.termination != null) {
				return this.termination;
			}
			result = new CompletableFuture<>();
			this.termination = result;
		}
		this.lanes.forEach(DispatcherLane::drain);
		CompletableFuture.allOf(this.lanes.stream().map(DispatcherLane::ended).toArray(CompletableFuture[]::new))
			.thenRun(() -> result.complete(new ShutdownResult(0, 0)));
		long millis = Math.max(0, timeout.toMillis());
		if (millis == 0) {
			discardRemaining(result);
		}
		else if (!result.isDone()) {
			// completeOnTimeout's timer is removed as soon as the deadline future is cancelled, so a
			// dispatcher that drained early leaves no pending task behind
			CompletableFuture<Void> deadline = new CompletableFuture<Void>().completeOnTimeout(null, millis,
					TimeUnit.MILLISECONDS);
			deadline.thenRun(() -> discardRemaining(result));
			result.whenComplete((outcome, ex) -> deadline.cancel(false));
		}
		return result;
	}

	private void discardRemaining(CompletableFuture<ShutdownResult> result) {
		if (result.isDone()) {
			return;
		}
		List<T> discarded = new ArrayList<>();
		int busy = 0;
		for (DispatcherLane<T> lane : this.lanes) {
			busy += lane.discard(discarded) ? 1 : 0;
		}
		for (T item : discarded) {
			release(item);
			report(this.onDiscard, item);
		}
		result.complete(new ShutdownResult(discarded.size(), busy));
	}

	@Nullable InboundBudget budget() {
		return this.budget;
	}

	long weigh(T item) {
		return this.weigher.applyAsLong(item);
	}

	OverflowPolicy overflowPolicy() {
		return this.overflowPolicy;
	}

	void consume(T item) {
		this.consumer.accept(item);
	}

	void reportDrop(T item) {
		report(this.onDrop, item);
	}

	void reportDiscard(T item) {
		report(this.onDiscard, item);
	}

	void release(T item) {
		InboundBudget budget = this.budget;
		if (budget != null) {
			budget.release(this.weigher.applyAsLong(item));
		}
	}

	private void report(Consumer<T> callback, T item) {
		try {
			callback.accept(item);
		}
		catch (RuntimeException ex) {
			logger.error("Dispatcher drop or discard callback failed", ex);
		}
	}

	/**
	 * What a {@link #shutdown(Duration)} left behind.
	 *
	 * @param discarded the number of queued items discarded when the timeout passed
	 * @param stillRunning the number of consumer calls still in progress then (not interrupted)
	 */
	public record ShutdownResult(int discarded, int stillRunning) {
	}

}
