package dev.pubsub.core.support;

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
 */
public final class InboundBudget {

	/** The default budget per client: 64 MiB. */
	public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

	/** The fixed cost counted per message on top of its payload (headers, objects, queue entry). */
	public static final int MESSAGE_OVERHEAD = 512;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition released = this.lock.newCondition();

	private final PubSubClientMetrics metrics;

	private volatile long maxBytes;

	private long used;

	private long peak;

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
		this.lock.lock();
		try {
			if (!fits(bytes)) {
				this.metrics.backPressureWait();
				this.waiting++;
				try {
					while (!fits(bytes)) {
						this.released.await();
					}
				}
				finally {
					this.waiting--;
				}
			}
			reserve(bytes);
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
		this.lock.lock();
		try {
			if (!fits(bytes)) {
				return false;
			}
			reserve(bytes);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Release a reservation.
	 * @param bytes the bytes reserved before
	 */
	public void release(long bytes) {
		this.lock.lock();
		try {
			this.used = Math.max(0, this.used - bytes);
			this.metrics.inboundBuffered(this.used, this.peak);
			this.released.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the bytes reserved now.
	 * @return bytes
	 */
	public long used() {
		this.lock.lock();
		try {
			return this.used;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Return the most bytes ever reserved at once.
	 * @return bytes
	 */
	public long peak() {
		this.lock.lock();
		try {
			return this.peak;
		}
		finally {
			this.lock.unlock();
		}
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

	private boolean fits(long bytes) {
		return this.used == 0 || this.used + bytes <= this.maxBytes;
	}

	private void reserve(long bytes) {
		this.used += bytes;
		this.peak = Math.max(this.peak, this.used);
		this.metrics.inboundBuffered(this.used, this.peak);
	}

}
