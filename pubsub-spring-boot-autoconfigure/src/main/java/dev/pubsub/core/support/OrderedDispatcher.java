package dev.pubsub.core.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pubsub.core.OverflowPolicy;

/**
 * Hands items to a consumer on a fixed set of worker threads ("lanes"), each with a bounded queue.
 * Items with the same key always go to the same lane, so they are consumed in order. A full lane
 * applies the {@link OverflowPolicy}; what it drops goes to the drop callback.
 *
 * @param <T> the item type
 */
public final class OrderedDispatcher<T> {

	private static final Log logger = LogFactory.getLog(OrderedDispatcher.class);

	private final List<Lane> lanes;

	private final Function<T, String> keyFunction;

	private final Consumer<T> consumer;

	private final Consumer<T> onDrop;

	private final OverflowPolicy overflowPolicy;

	private volatile boolean running = true;

	/**
	 * Create and start a dispatcher.
	 * @param name the thread name prefix
	 * @param concurrency the number of lanes
	 * @param capacity the queue capacity of each lane
	 * @param overflowPolicy what to do when a lane is full
	 * @param keyFunction the ordering key of an item
	 * @param consumer consumes items; exceptions are logged and do not stop the lane
	 * @param onDrop called for each item dropped by the overflow policy
	 */
	public OrderedDispatcher(String name, int concurrency, int capacity, OverflowPolicy overflowPolicy,
			Function<T, String> keyFunction, Consumer<T> consumer, Consumer<T> onDrop) {
		this.keyFunction = keyFunction;
		this.consumer = consumer;
		this.onDrop = onDrop;
		this.overflowPolicy = overflowPolicy;
		this.lanes = new ArrayList<>(concurrency);
		for (int i = 0; i < concurrency; i++) {
			Lane lane = new Lane(name + "-" + i, capacity);
			this.lanes.add(lane);
			lane.thread.start();
		}
	}

	/**
	 * Queue an item on its lane.
	 * @param item the item
	 * @return {@code false} if the item was dropped
	 */
	public boolean dispatch(T item) {
		if (!this.running) {
			this.onDrop.accept(item);
			return false;
		}
		Lane lane = this.lanes.get(Math.floorMod(this.keyFunction.apply(item).hashCode(), this.lanes.size()));
		switch (this.overflowPolicy) {
			case BLOCK -> {
				try {
					lane.queue.put(item);
					return true;
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					this.onDrop.accept(item);
					return false;
				}
			}
			case DROP_OLDEST -> {
				while (!lane.queue.offer(item)) {
					T oldest = lane.queue.poll();
					if (oldest != null) {
						this.onDrop.accept(oldest);
					}
				}
				return true;
			}
			default -> {
				if (lane.queue.offer(item)) {
					return true;
				}
				this.onDrop.accept(item);
				return false;
			}
		}
	}

	/**
	 * Return the number of queued items over all lanes.
	 * @return the backlog
	 */
	public int backlog() {
		return this.lanes.stream().mapToInt((lane) -> lane.queue.size()).sum();
	}

	/**
	 * Stop accepting items, let the lanes finish what they hold within the timeout, then stop them.
	 * @param timeoutMillis how long to wait for queued items
	 */
	public void shutdown(long timeoutMillis) {
		this.running = false;
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
		for (Lane lane : this.lanes) {
			lane.stopWhenEmpty = true;
			lane.thread.interrupt();
		}
		for (Lane lane : this.lanes) {
			long remaining = deadline - System.nanoTime();
			try {
				lane.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private final class Lane implements Runnable {

		private final BlockingQueue<T> queue;

		private final Thread thread;

		private volatile boolean stopWhenEmpty;

		Lane(String name, int capacity) {
			this.queue = new ArrayBlockingQueue<>(capacity);
			this.thread = new Thread(this, name);
			this.thread.setDaemon(true);
		}

		@Override
		public void run() {
			while (true) {
				T item;
				try {
					item = this.stopWhenEmpty ? this.queue.poll() : this.queue.take();
				}
				catch (InterruptedException ex) {
					if (this.stopWhenEmpty) {
						continue;
					}
					return;
				}
				if (item == null) {
					return;
				}
				try {
					OrderedDispatcher.this.consumer.accept(item);
				}
				catch (RuntimeException | Error ex) {
					logger.error("Dispatcher lane " + this.thread.getName() + " consumer failed", ex);
				}
			}
		}

	}

}
