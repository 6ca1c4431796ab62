package dev.pubsub.core.support;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubTimeoutException;

/**
 * Futures waiting for a response matched by id (an ack, a reply, an RPC result). Register before
 * the request is written so an early response is never lost; every entry has a timeout after
 * which it fails with {@link PubSubTimeoutException} and is removed.
 *
 * @param <K> the id type
 * @param <V> the response type
 */
public final class PendingRequests<K, V> {

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();

	private final ScheduledExecutorService scheduler;

	private final String what;

	/**
	 * Create a registry.
	 * @param scheduler runs the timeouts
	 * @param what names the kind of response in timeout messages, e.g. "ack"
	 */
	public PendingRequests(ScheduledExecutorService scheduler, String what) {
		this.scheduler = scheduler;
		this.what = what;
	}

	/**
	 * Register a pending request.
	 * @param id the id
	 * @param timeout the timeout
	 * @return the future completed by {@link #complete}
	 * @throws IllegalStateException if the id is already pending
	 */
	public CompletableFuture<V> register(K id, Duration timeout) {
		CompletableFuture<V> future = new CompletableFuture<>();
		Entry<V> entry = new Entry<>(future);
		if (this.entries.putIfAbsent(id, entry) != null) {
			throw new IllegalStateException("A " + this.what + " for id '" + id + "' is already pending");
		}
		entry.timeout = schedule(id, entry, timeout);
		future.whenComplete((result, ex) -> this.entries.remove(id, entry));
		return future;
	}

	/**
	 * Restart the timeout of a pending request.
	 * @param id the id
	 * @param timeout the new timeout, counted from now
	 * @return the pending future, or {@code null} if none is pending
	 */
	public @Nullable CompletableFuture<V> extend(K id, Duration timeout) {
		Entry<V> entry = this.entries.get(id);
		if (entry == null) {
			return null;
		}
		ScheduledFuture<?> previous = entry.timeout;
		if (previous != null) {
			previous.cancel(false);
		}
		entry.timeout = schedule(id, entry, timeout);
		return entry.future;
	}

	/**
	 * Complete a pending request.
	 * @param id the id
	 * @param value the response
	 * @return {@code false} if no request with that id was pending
	 */
	public boolean complete(K id, V value) {
		Entry<V> entry = this.entries.remove(id);
		if (entry == null) {
			return false;
		}
		cancelTimeout(entry);
		return entry.future.complete(value);
	}

	/**
	 * Fail a pending request.
	 * @param id the id
	 * @param ex the failure
	 * @return {@code false} if no request with that id was pending
	 */
	public boolean fail(K id, Throwable ex) {
		Entry<V> entry = this.entries.remove(id);
		if (entry == null) {
			return false;
		}
		cancelTimeout(entry);
		return entry.future.completeExceptionally(ex);
	}

	/**
	 * Fail every pending request, for example when the connection drops.
	 * @param failure creates the exception for each request
	 */
	public void failAll(Supplier<? extends Throwable> failure) {
		for (K id : this.entries.keySet()) {
			fail(id, failure.get());
		}
	}

	/**
	 * Return the number of pending requests.
	 * @return the count
	 */
	public int size() {
		return this.entries.size();
	}

	/**
	 * Whether a request is pending.
	 * @param id the id
	 * @return {@code true} if pending
	 */
	public boolean isPending(K id) {
		return this.entries.containsKey(id);
	}

	private ScheduledFuture<?> schedule(K id, Entry<V> entry, Duration timeout) {
		return this.scheduler.schedule(() -> {
			if (this.entries.remove(id, entry)) {
				entry.future.completeExceptionally(new PubSubTimeoutException(this.what + " for id '" + id + "'",
						timeout));
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void cancelTimeout(Entry<V> entry) {
		ScheduledFuture<?> timeout = entry.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
	}

	private static final class Entry<V> {

		private final CompletableFuture<V> future;

		private volatile @Nullable ScheduledFuture<?> timeout;

		Entry(CompletableFuture<V> future) {
			this.future = future;
		}

	}

}
