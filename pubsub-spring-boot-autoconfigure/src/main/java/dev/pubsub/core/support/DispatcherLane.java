package dev.pubsub.core.support;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.OverflowPolicy;

/**
 * One lane of an {@link OrderedDispatcher}: a worker thread and its bounded queue. Offering applies the
 * dispatcher's overflow policy to a full queue or budget; {@link #drain()} stops taking new items and
 * lets the thread consume what is queued; {@link #discard(List)} hands back what is still queued and
 * ends the thread after its current item, which is never interrupted.
 *
 * @param <T> the item type
 */
final class DispatcherLane<T> implements Runnable {

	private static final Log logger = LogFactory.getLog(OrderedDispatcher.class);

	private enum State {

		RUNNING, DRAINING, DISCARDING

	}

	private final OrderedDispatcher<T> owner;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	private final Condition notFull = this.lock.newCondition();

	private final ArrayDeque<T> queue = new ArrayDeque<>();

	private final int capacity;

	private final Thread thread;

	private final CompletableFuture<Void> ended = new CompletableFuture<>();

	private State state = State.RUNNING;

	private boolean busy;

	DispatcherLane(OrderedDispatcher<T> owner, String name, int capacity) {
		this.owner = owner;
		this.capacity = capacity;
		this.thread = new Thread(this, name);
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	boolean isAlive() {
		return this.thread.isAlive();
	}

	CompletableFuture<Void> ended() {
		return this.ended;
	}

	boolean offer(T item) {
		if (this.owner.budget() != null && !reserve(item)) {
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
			else if (this.owner.overflowPolicy() == OverflowPolicy.DROP_OLDEST) {
				dropped = this.queue.pollFirst();
				queued = enqueue(item);
			}
			else if (this.owner.overflowPolicy() == OverflowPolicy.BLOCK) {
				InboundBudget budget = this.owner.budget();
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
			this.owner.release(dropped);
			this.owner.reportDrop(dropped);
		}
		if (discarded) {
			this.owner.release(item);
			this.owner.reportDiscard(item);
		}
		return queued;
	}

	/**
	 * Reserve the item's weight in the budget, applying the overflow policy when it does not fit.
	 * @return {@code true} if reserved; {@code false} if the item was dropped or discarded (reported)
	 */
	private boolean reserve(T item) {
		InboundBudget budget = this.owner.budget();
		long weight = this.owner.weigh(item);
		if (budget == null || budget.tryAcquire(weight)) {
			return true;
		}
		if (isStopped()) {
			this.owner.reportDiscard(item);
			return false;
		}
		OverflowPolicy policy = this.owner.overflowPolicy();
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
				this.owner.release(oldest);
				this.owner.reportDrop(oldest);
				if (budget.tryAcquire(weight)) {
					return true;
				}
			}
		}
		this.owner.reportDrop(item);
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
					this.owner.consume(item);
				}
				catch (RuntimeException | Error ex) {
					logger.error("Dispatcher lane " + this.thread.getName() + " consumer failed", ex);
				}
				finally {
					this.owner.release(item);
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
