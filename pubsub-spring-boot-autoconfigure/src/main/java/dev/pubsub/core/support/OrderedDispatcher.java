package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
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

	private final List<Lane> lanes;

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
			this.lanes.add(new Lane(name + "-" + i, capacity));
		}
		this.lanes.forEach((lane) -> lane.thread.start());
	}

	/**
	 * Queue an item on its lane. With {@link OverflowPolicy#BLOCK} the caller waits while the lane
	 * is full.
	 * @param item the item
	 * @return {@code true} if the item was queued; {@code false} if it was dropped or discarded
	 * (and reported)
	 */
	public boolean dispatch(T item) {
		Lane lane = this.lanes.get(Math.floorMod(this.keyFunction.apply(item).hashCode(), this.lanes.size()));
		return lane.offer(item);
	}

	/**
	 * Return the number of queued items over all lanes (not counting those being consumed).
	 * @return the backlog
	 */
	public int backlog() {
		int total = 0;
		for (Lane lane : this.lanes) {
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
		for (Lane lane : this.lanes) {
			live += lane.thread.isAlive() ? 1 : 0;
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
		this.lanes.forEach(Lane::drain);
		CompletableFuture.allOf(this.lanes.stream().map((lane) -> lane.ended).toArray(CompletableFuture[]::new))
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
		for (Lane lane : this.lanes) {
			busy += lane.discard(discarded) ? 1 : 0;
		}
		for (T item : discarded) {
			release(item);
			report(this.onDiscard, item);
		}
		result.complete(new ShutdownResult(discarded.size(), busy));
	}

	private void release(T item) {
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

	private enum State {

		RUNNING, DRAINING, DISCARDING

	}

	private final class Lane implements Runnable {

		private final ReentrantLock lock = new ReentrantLock();

		private final Condition notEmpty = this.lock.newCondition();

		private final Condition notFull = this.lock.newCondition();

		private final ArrayDeque<T> queue = new ArrayDeque<>();

		private final int capacity;

		private final Thread thread;

		private final CompletableFuture<Void> ended = new CompletableFuture<>();

		private State state = State.RUNNING;

		private boolean busy;

		Lane(String name, int capacity) {
			this.capacity = capacity;
			this.thread = new Thread(this, name);
			this.thread.setDaemon(true);
		}

		boolean offer(T item) {
			if (OrderedDispatcher.this.budget != null && !reserve(item)) {
				return false;
			}
			T dropped = null;
			boolean discarded = false;
			boolean queued = false;
			this.lock.lock();
			try {
				if (this.state != State.RUNNING) {
					discarded = true;
				}
				else if (this.queue.size() < this.capacity) {
					queued = enqueue(item);
				}
				else if (OrderedDispatcher.this.overflowPolicy == OverflowPolicy.DROP_OLDEST) {
					dropped = this.queue.pollFirst();
					queued = enqueue(item);
				}
				else if (OrderedDispatcher.this.overflowPolicy == OverflowPolicy.BLOCK) {
					InboundBudget budget = OrderedDispatcher.this.budget;
					if (budget != null) {
						budget.waitStarted();
					}
					try {
						while (this.queue.size() >= this.capacity && this.state != State.DISCARDING) {
							this.notFull.await();
						}
						if (this.state == State.DISCARDING) {
							discarded = true;
						}
						else {
							queued = enqueue(item);
						}
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						dropped = item;
					}
					finally {
						if (budget != null) {
							budget.waitEnded();
						}
					}
				}
				else {
					dropped = item;
				}
			}
			finally {
				this.lock.unlock();
			}
			if (dropped != null) {
				release(dropped);
				report(OrderedDispatcher.this.onDrop, dropped);
			}
			if (discarded) {
				release(item);
				report(OrderedDispatcher.this.onDiscard, item);
			}
			return queued;
		}

		/**
		 * Reserve the item's weight in the budget, applying the overflow policy when it does not fit.
		 * @return {@code true} if reserved; {@code false} if the item was dropped or discarded (reported)
		 */
		private boolean reserve(T item) {
			InboundBudget budget = OrderedDispatcher.this.budget;
			long weight = OrderedDispatcher.this.weigher.applyAsLong(item);
			if (budget == null || budget.tryAcquire(weight)) {
				return true;
			}
			if (isStopped()) {
				report(OrderedDispatcher.this.onDiscard, item);
				return false;
			}
			OverflowPolicy policy = OrderedDispatcher.this.overflowPolicy;
			if (policy == OverflowPolicy.BLOCK) {
				try {
					budget.acquire(weight);
					return true;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
			else if (policy == OverflowPolicy.DROP_OLDEST) {
				T oldest;
				while ((oldest = pollOldest()) != null) {
					release(oldest);
					report(OrderedDispatcher.this.onDrop, oldest);
					if (budget.tryAcquire(weight)) {
						return true;
					}
				}
			}
			report(OrderedDispatcher.this.onDrop, item);
			return false;
		}

		private boolean isStopped() {
			this.lock.lock();
			try {
				return this.state != State.RUNNING;
			}
			finally {
				this.lock.unlock();
			}
		}

		private @Nullable T pollOldest() {
			this.lock.lock();
			try {
				return this.queue.pollFirst();
			}
			finally {
				this.lock.unlock();
			}
		}

		private boolean enqueue(T item) {
			this.queue.addLast(item);
			this.notEmpty.signal();
			return true;
		}

		int size() {
			this.lock.lock();
			try {
				return this.queue.size();
			}
			finally {
				this.lock.unlock();
			}
		}

		void drain() {
			this.lock.lock();
			try {
				if (this.state == State.RUNNING) {
					this.state = State.DRAINING;
				}
				this.notEmpty.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}

		boolean discard(List<T> into) {
			this.lock.lock();
			try {
				this.state = State.DISCARDING;
				into.addAll(this.queue);
				this.queue.clear();
				this.notEmpty.signalAll();
				this.notFull.signalAll();
				return this.busy;
			}
			finally {
				this.lock.unlock();
			}
		}

		@Override
		public void run() {
			try {
				while (true) {
					T item = next();
					if (item == null) {
						return;
					}
					try {
						OrderedDispatcher.this.consumer.accept(item);
					}
					catch (RuntimeException | Error ex) {
						logger.error("Dispatcher lane " + this.thread.getName() + " consumer failed", ex);
					}
					finally {
						release(item);
					}
				}
			}
			finally {
				this.lock.lock();
				try {
					this.busy = false;
				}
				finally {
					this.lock.unlock();
				}
				this.ended.complete(null);
			}
		}

		private @Nullable T next() {
			this.lock.lock();
			try {
				this.busy = false;
				while (this.queue.isEmpty() && this.state == State.RUNNING) {
					this.notEmpty.awaitUninterruptibly();
				}
				if (this.state == State.DISCARDING || this.queue.isEmpty()) {
					return null;
				}
				T item = this.queue.pollFirst();
				this.busy = true;
				this.notFull.signal();
				return item;
			}
			finally {
				this.lock.unlock();
			}
		}

	}

}
