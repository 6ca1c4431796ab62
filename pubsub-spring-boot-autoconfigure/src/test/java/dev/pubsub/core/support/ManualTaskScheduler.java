package dev.pubsub.core.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.Trigger;

/**
 * A {@link TaskScheduler} whose time moves only when a test says so: one-shot tasks run on the
 * test's thread from {@link #advance(Duration)}; nothing sleeps.
 */
final class ManualTaskScheduler implements TaskScheduler {

	private Instant now = Instant.parse("2026-01-01T00:00:00Z");

	private final List<Task> tasks = new ArrayList<>();

	@Override
	public synchronized Clock getClock() {
		return Clock.fixed(this.now, ZoneOffset.UTC);
	}

	@Override
	public synchronized ScheduledFuture<?> schedule(Runnable task, Instant startTime) {
		Task scheduled = new Task(task, startTime);
		this.tasks.add(scheduled);
		return scheduled;
	}

	/**
	 * Return the delays, from now, of the tasks that are still to run.
	 * @return the delays, earliest first
	 */
	synchronized List<Duration> pendingDelays() {
		return this.tasks.stream()
			.filter((task) -> !task.cancelled)
			.map((task) -> Duration.between(this.now, task.due))
			.sorted()
			.toList();
	}

	/**
	 * Move the clock and run, in order, every task due by then.
	 * @param duration how far
	 */
	void advance(Duration duration) {
		Instant until;
		synchronized (this) {
			until = this.now.plus(duration);
		}
		while (true) {
			Task next;
			synchronized (this) {
				next = this.tasks.stream()
					.filter((task) -> !task.cancelled && !task.due.isAfter(until))
					.min(Comparator.comparing((Task task) -> task.due))
					.orElse(null);
				if (next == null) {
					this.now = until;
					return;
				}
				this.tasks.remove(next);
				this.now = next.due;
			}
			next.done = true;
			next.runnable.run();
		}
	}

	@Override
	public ScheduledFuture<?> schedule(Runnable task, Trigger trigger) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Instant startTime, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, Duration period) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Instant startTime, Duration delay) {
		throw new UnsupportedOperationException();
	}

	@Override
	public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, Duration delay) {
		throw new UnsupportedOperationException();
	}

	private final class Task implements ScheduledFuture<Object> {

		private final Runnable runnable;

		private final Instant due;

		private volatile boolean cancelled;

		private volatile boolean done;

		Task(Runnable runnable, Instant due) {
			this.runnable = runnable;
			this.due = due;
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return unit.convert(Duration.between(getClock().instant(), this.due));
		}

		@Override
		public int compareTo(Delayed other) {
			return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
		}

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			if (this.done) {
				return false;
			}
			this.cancelled = true;
			this.done = true;
			return true;
		}

		@Override
		public boolean isCancelled() {
			return this.cancelled;
		}

		@Override
		public boolean isDone() {
			return this.done;
		}

		@Override
		public Object get() {
			return null;
		}

		@Override
		public Object get(long timeout, TimeUnit unit) {
			return null;
		}

	}

}
