package dev.pubsub.realtimex;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/**
 * The client side of the Engine.IO v4 heartbeat of one {@link EngineIoSession}: the server pings
 * every {@code pingInterval}, and the session is dead when nothing arrived for
 * {@code pingInterval + pingTimeout}. Any frame counts, not only pings: during a burst the
 * server's ping is queued behind events the client is still reading, and a watchdog that waited
 * for the ping itself would drop a live session and every event in flight (the engine.io server
 * is as lenient: any packet refreshes its own pong timeout). Time spent with reading paused by
 * back-pressure does not count either. One timer task at a time, re-armed when it fires.
 */
final class EngineIoHeartbeat {

	private final ScheduledExecutorService scheduler;

	private final BooleanSupplier readingPaused;

	private final Runnable onDead;

	private volatile long limitMillis;

	private volatile long lastFrameNanos = System.nanoTime();

	private boolean stopped;

	private @Nullable ScheduledFuture<?> watchdog;

	EngineIoHeartbeat(ScheduledExecutorService scheduler, BooleanSupplier readingPaused, Runnable onDead) {
		this.scheduler = scheduler;
		this.readingPaused = readingPaused;
		this.onDead = onDead;
	}

	/**
	 * Start watching, from the Engine.IO open packet.
	 * @param limitMillis {@code pingInterval + pingTimeout}
	 */
	void start(long limitMillis) {
		this.limitMillis = limitMillis;
		this.lastFrameNanos = System.nanoTime();
		schedule(limitMillis);
	}

	long limitMillis() {
		return this.limitMillis;
	}

	/**
	 * Record a sign of life; called for every frame (or part) read.
	 */
	void frameReceived() {
		this.lastFrameNanos = System.nanoTime();
	}

	synchronized void stop() {
		this.stopped = true;
		if (this.watchdog != null) {
			this.watchdog.cancel(false);
		}
	}

	private synchronized void schedule(long delayMillis) {
		if (this.watchdog != null) {
			this.watchdog.cancel(false);
		}
		if (this.stopped) {
			return;
		}
		this.watchdog = this.scheduler.schedule(this::check, delayMillis, TimeUnit.MILLISECONDS);
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
		this.onDead.run();
	}

}
