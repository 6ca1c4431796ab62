package dev.pubsub.core.support;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Declares a connection dead when nothing arrived on it for a limit. Any frame counts as a sign of
 * life, not only the protocol's ping or pong: during a burst the peer's ping (or the answer to the
 * client's) is queued behind messages the client is still reading, and a watchdog that waited for the
 * ping itself would drop a live connection and every message in flight (the engine.io server is as
 * lenient). Time spent with reading paused by back-pressure does not count either. One timer task at
 * a time, re-armed for the remaining time when it fires; it fires at most once.
 */
public final class SilenceWatchdog {

	private final ScheduledExecutorService scheduler;

	private final BooleanSupplier readingPaused;

	private final Runnable onSilence;

	private volatile long limitMillis;

	private volatile long lastFrameNanos = System.nanoTime();

	private boolean stopped;

	private @Nullable ScheduledFuture<?> timer;

	/**
	 * Create a watchdog (not yet started).
	 * @param scheduler runs the check
	 * @param readingPaused whether back-pressure paused reading now (silence then is not a dead peer)
	 * @param onSilence called once when the limit passed without a frame
	 */
	public SilenceWatchdog(ScheduledExecutorService scheduler, BooleanSupplier readingPaused, Runnable onSilence) {
		this.scheduler = scheduler;
		this.readingPaused = readingPaused;
		this.onSilence = onSilence;
	}

	/**
	 * Start watching; silence is counted from now.
	 * @param limitMillis how long the connection may be silent
	 */
	public void start(long limitMillis) {
		this.limitMillis = limitMillis;
		this.lastFrameNanos = System.nanoTime();
		schedule(limitMillis);
	}

	/**
	 * Return the limit given to {@link #start(long)}.
	 * @return milliseconds
	 */
	public long limitMillis() {
		return this.limitMillis;
	}

	/**
	 * Record a sign of life; called for every frame (or part of one) read.
	 */
	public void frameReceived() {
		this.lastFrameNanos = System.nanoTime();
	}

	/**
	 * Stop watching for good.
	 */
	public synchronized void stop() {
		this.stopped = true;
		if (this.timer != null) {
			this.timer.cancel(false);
		}
	}

	private synchronized void schedule(long delayMillis) {
		if (this.timer != null) {
			this.timer.cancel(false);
		}
		if (this.stopped) {
			return;
		}
		this.timer = this.scheduler.schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
	}

	private void check() {
		long limit = this.limitMillis;
		if (this.readingPaused.getAsBoolean()) {
			this.lastFrameNanos = System.nanoTime();
		}
		long silentMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.lastFrameNanos);
		if (silentMillis < limit) {
			schedule(limit - silentMillis);
			return;
		}
		synchronized (this) {
			if (this.stopped) {
				return;
			}
			this.stopped = true;
		}
		this.onSilence.run();
	}

}
