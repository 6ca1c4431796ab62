package dev.pubsub.wsrpc.server;

import java.util.ArrayDeque;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.support.PartialTextAggregator;

/**
 * One session's outbound queue, bounded in bytes and drained by the session itself: {@link #offer}
 * enqueues and returns at once (it never waits for the socket), and the next frame is handed to the
 * transport when the previous one completed. A session whose queue would exceed its byte budget,
 * whose send fails, or (see {@link #stalledNanos}) whose send does not complete in time is failed
 * once: its queue is dropped and the failure listener decides what to do with the session.
 * <p>
 * The budget counts the UTF-8 bytes queued plus the one frame in flight. One frame larger than the
 * whole budget is still accepted when nothing else is waiting, so the most a session holds is the
 * budget plus one frame.
 */
final class SessionOutbound {

	private final Transport transport;

	private final long byteLimit;

	private final FailureListener onFailure;

	private final ArrayDeque<Pending> queue = new ArrayDeque<>();

	private long queuedBytes;

	private long inFlightBytes;

	private boolean inFlight;

	private long sendStartedNanos;

	private boolean draining;

	private boolean closed;

	/**
	 * Create a queue.
	 * @param transport writes one frame without blocking and reports completion
	 * @param byteLimit the byte budget
	 * @param onFailure told once, with the reason, when the session is failed
	 */
	SessionOutbound(Transport transport, long byteLimit, FailureListener onFailure) {
		this.transport = transport;
		this.byteLimit = byteLimit;
		this.onFailure = onFailure;
	}

	/**
	 * Queue a frame.
	 * @param text the frame
	 * @return {@code false} if the session is failed or closed (the frame is dropped)
	 */
	boolean offer(String text) {
		long bytes = PartialTextAggregator.utf8Length(text);
		String failure = null;
		synchronized (this) {
			if (this.closed) {
				return false;
			}
			long held = this.queuedBytes + this.inFlightBytes;
			if (held > 0 && held + bytes > this.byteLimit) {
				failure = "outbound queue over its budget of " + this.byteLimit + " bytes";
				closeLocked();
			}
			else {
				this.queue.add(new Pending(text, bytes));
				this.queuedBytes += bytes;
			}
		}
		if (failure != null) {
			this.onFailure.failed(true, failure);
			return false;
		}
		drain();
		return true;
	}

	/**
	 * Return how long the frame in flight has been waiting for its send to complete.
	 * @param now the current {@link System#nanoTime()}
	 * @return nanoseconds, {@code 0} when nothing is in flight
	 */
	synchronized long stalledNanos(long now) {
		return (this.inFlight && !this.closed) ? now - this.sendStartedNanos : 0;
	}

	/**
	 * Return the bytes waiting or in flight.
	 * @return the count
	 */
	synchronized long heldBytes() {
		return this.queuedBytes + this.inFlightBytes;
	}

	/**
	 * Return whether a frame is being written.
	 * @return {@code true} while a send has not completed
	 */
	synchronized boolean isBusy() {
		return this.inFlight || !this.queue.isEmpty();
	}

	/**
	 * Fail the session: the queue is dropped and the listener told.
	 * @param slowConsumer whether the session failed by being too slow (rather than by a broken
	 * connection)
	 * @param reason the reason
	 */
	void fail(boolean slowConsumer, String reason) {
		synchronized (this) {
			if (this.closed) {
				return;
			}
			closeLocked();
		}
		this.onFailure.failed(slowConsumer, reason);
	}

	/**
	 * Close without failing (the session closed): the queue is dropped.
	 */
	synchronized void close() {
		closeLocked();
	}

	private void closeLocked() {
		this.closed = true;
		this.queue.clear();
		this.queuedBytes = 0;
	}

	private void drain() {
		synchronized (this) {
			if (this.draining) {
				return;
			}
			this.draining = true;
		}
		while (true) {
			Pending next;
			synchronized (this) {
				if (this.inFlight || this.closed || this.queue.isEmpty()) {
					this.draining = false;
					return;
				}
				next = this.queue.poll();
				this.queuedBytes -= next.bytes;
				this.inFlightBytes = next.bytes;
				this.inFlight = true;
				this.sendStartedNanos = System.nanoTime();
			}
			try {
				this.transport.send(next.text, this::sent);
			}
			catch (RuntimeException ex) {
				sent(ex);
			}
		}
	}

	private void sent(@Nullable Throwable error) {
		synchronized (this) {
			this.inFlight = false;
			this.inFlightBytes = 0;
		}
		if (error != null) {
			boolean timedOut = isTimeout(error);
			fail(timedOut, timedOut ? "a write timed out" : "a write failed: " + error);
			return;
		}
		drain();
	}

	private static boolean isTimeout(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof java.net.SocketTimeoutException
					|| cause instanceof java.util.concurrent.TimeoutException) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Told once when a session's outbound fails.
	 */
	@FunctionalInterface
	interface FailureListener {

		/**
		 * The outbound failed; its queue is dropped.
		 * @param slowConsumer {@code true} if the session was too slow (over its budget or a write
		 * timed out), {@code false} if a write failed (the connection broke)
		 * @param reason what happened
		 */
		void failed(boolean slowConsumer, String reason);

	}

	/**
	 * Writes one frame without blocking the caller and reports when the write completed.
	 */
	@FunctionalInterface
	interface Transport {

		/**
		 * Start writing a frame.
		 * @param text the frame
		 * @param done called once with {@code null} on success or the failure; may be called
		 * before this method returns
		 */
		void send(String text, Consumer<@Nullable Throwable> done);

	}

	private record Pending(String text, long bytes) {
	}

}
