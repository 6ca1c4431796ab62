package dev.pubsub.core.support;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.util.Assert;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;

/**
 * The inbound byte budget of one client, shared by all its subscriptions and their lanes: a message's
 * {@linkplain #weigh(PubSubMessage) weight} is reserved when it is queued for a handler and released
 * when the handler call ends, or when it is dropped or discarded.
 * <p>
 * A reservation fits when nothing is reserved or when it stays within the budget, so a single message
 * larger than the whole budget is admitted once the budget is otherwise empty (never a deadlock), and
 * what is reserved never exceeds {@code max(budget, one message)}. Together with the one message the
 * network thread is decoding, no server can make the client hold more than the budget plus one frame.
 * <p>
 * {@link #acquire(long)} waits for room (back-pressure: the thread that reads the network stops reading,
 * so TCP and the server's flow control take over); {@link #tryAcquire(long)} never waits (for the drop
 * policies). The current and peak use and the number of waits are published to the client's
 * {@link PubSubClientMetrics}.
 * <p>
 * Reserving and releasing take no lock (the network thread reserves and a handler thread releases for
 * every message, so a shared lock would make them wait on each other); the lock is taken only by a
 * thread that has to wait for room and by a release while such a thread waits.
 */
public final class InboundBudget {

	/** The default budget per client: 64 MiB. */
	public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

	/** The fixed cost counted per message on top of its payload (headers, objects, queue entry). */
	public static final int MESSAGE_OVERHEAD = 512;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition released = this.lock.newCondition();

	private final PubSubClientMetrics metrics;

	private final AtomicLong used = new AtomicLong();

	private final AtomicLong peak = new AtomicLong();

	private volatile long maxBytes;

	/** Threads waiting for room; changed under the lock only, read without it by releases. */
	private volatile int waiting;

	/**
	 * Create a budget.
	 * @param maxBytes the bytes all queued and in-flight messages of the client may take together
	 * @param metrics the client's metrics, where current and peak use are published
	 */
	public InboundBudget(long maxBytes, PubSubClientMetrics metrics) {
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		this.maxBytes = maxBytes;
		this.metrics = metrics;
		metrics.inboundBudget(maxBytes);
		metrics.inboundBuffered(this.used::get, this.peak::get);
	}

	/**
	 * Return the weight of a message: its payload size plus {@link #MESSAGE_OVERHEAD}.
	 * @param message the message
	 * @return the bytes to reserve for it
	 */
	public static long weigh(PubSubMessage message) {
		return message.size() + MESSAGE_OVERHEAD;
	}

	/**
	 * Change the budget; waiters are woken to check again.
	 * @param maxBytes the new budget
	 */
	public void setMaxBytes(long maxBytes) {
		Assert.isTrue(maxBytes > 0, "maxBytes must be positive");
		this.lock.lock();
		try {
			this.maxBytes = maxBytes;
			this.metrics.inboundBudget(maxBytes);
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the budget.
	 * @return bytes
	 */
	public long maxBytes() {
		return this.maxBytes;
	}

	/**
	 * Reserve bytes, waiting while they do not fit.
	 * @param bytes the bytes
	 * @throws InterruptedException if the waiting thread is interrupted (nothing is reserved then)
	 */
	public void acquire(long bytes) throws InterruptedException {
		if (tryAcquire(bytes)) {
			return;
		}
		this.lock.lock();
		try {
			this.metrics.backPressureWait();
			// counted before the next look at the budget: a release after that look sees the waiter
			this.waiting++;
			try {
				while (!tryAcquire(bytes)) {
					this.released.await();
				}
			}
			finally {
				this.waiting--;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Reserve bytes if they fit now.
	 * @param bytes the bytes
	 * @return {@code true} if reserved
	 */
	public boolean tryAcquire(long bytes) {
		while (true) {
			long current = this.used.get();
			if (current != 0 && current + bytes > this.maxBytes) {
				return false;
			}
			long next = current + bytes;
			if (this.used.compareAndSet(current, next)) {
				raisePeak(next);
				return true;
			}
		}
	}

	/**
	 * Release a reservation.
	 * @param bytes the bytes reserved before
	 */
	public void release(long bytes) {
		while (true) {
			long current = this.used.get();
			if (this.used.compareAndSet(current, Math.max(0, current - bytes))) {
				break;
			}
		}
		if (this.waiting > 0) {
			this.lock.lock();
			try {
				this.released.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * Return the bytes reserved now.
	 * @return bytes
	 */
	public long used() {
		return this.used.get();
	}

	/**
	 * Return the most bytes ever reserved at once.
	 * @return bytes
	 */
	public long peak() {
		return this.peak.get();
	}

	/**
	 * Whether a thread is waiting for room now (the client's network reading is paused).
	 * @return {@code true} while back-pressure holds a thread
	 */
	public boolean isBackPressured() {
		return this.waiting > 0;
	}

	/**
	 * Record that a thread starts waiting for room in a full lane (a count bound, not this budget).
	 */
	void waitStarted() {
		this.lock.lock();
		try {
			this.metrics.backPressureWait();
			this.waiting++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Record that a thread stopped waiting for room in a full lane.
	 */
	void waitEnded() {
		this.lock.lock();
		try {
			this.waiting--;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void raisePeak(long reserved) {
		long highest = this.peak.get();
		while (reserved > highest && !this.peak.compareAndSet(highest, reserved)) {
			highest = this.peak.get();
		}
	}

}
