package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The remote subscriptions of one connection, as {@link RemoteSubscriptionRegistry} tracks them, and
 * the bookkeeping of that one connection: the diff against the wanted keys, answers, and the retry
 * schedule of refused keys. Guarded by the registry's lock: every method is called with it held.
 */
final class RemoteSubscriptionSession {

	final RemoteSubscriber subscriber;

	/** Keys the server confirmed. */
	final Set<String> held = new LinkedHashSet<>();

	/** Keys whose subscribe is not answered yet. */
	final Set<String> inFlight = new LinkedHashSet<>();

	/** Keys the server refused (or failed), with the reason; retried. */
	final Map<String, String> refused = new LinkedHashMap<>();

	/** Refused keys whose subscribe timed out: unsubscribed before the retry. */
	final Set<String> uncertain = new LinkedHashSet<>();

	BackOffExecution backOff;

	@Nullable ScheduledFuture<?> retry;

	RemoteSubscriptionSession(RemoteSubscriber subscriber, BackOffExecution backOff) {
		this.subscriber = subscriber;
		this.backOff = backOff;
	}

	/**
	 * Bring the bookkeeping in line with the wanted keys: forget what is no longer wanted and mark the
	 * keys to subscribe as in flight. The caller sends the calls.
	 * @param desired the wanted remote keys
	 * @return the keys to subscribe and the held keys to unsubscribe
	 */
	Diff diff(Set<String> desired) {
		List<String> added = new ArrayList<>();
		for (String key : desired) {
			if (!this.held.contains(key) && !this.inFlight.contains(key) && !this.refused.containsKey(key)) {
				added.add(key);
			}
		}
		List<String> removed = new ArrayList<>();
		for (String key : this.held) {
			if (!desired.contains(key)) {
				removed.add(key);
			}
		}
		this.held.removeAll(removed);
		this.refused.keySet().retainAll(desired);
		this.uncertain.retainAll(desired);
		this.inFlight.addAll(added);
		return new Diff(added, removed);
	}

	/**
	 * The server holds a key now.
	 * @param key the key
	 * @return whether it had been refused on this connection
	 */
	boolean confirmed(String key) {
		this.inFlight.remove(key);
		this.held.add(key);
		this.uncertain.remove(key);
		return this.refused.remove(key) != null;
	}

	/**
	 * The server refused keys, the call failed or it was not answered in time.
	 * @param keys the keys
	 * @param reason why
	 * @param timedOut whether the subscribe may still have reached the server
	 */
	void refused(List<String> keys, String reason, boolean timedOut) {
		for (String key : keys) {
			this.inFlight.remove(key);
			this.refused.put(key, reason);
			if (timedOut) {
				this.uncertain.add(key);
			}
		}
	}

	/**
	 * Schedule the retry of the refused keys with the next delay of the back-off, unless one is
	 * pending or the back-off is exhausted.
	 * @param scheduler runs the retry
	 * @param retry the retry
	 */
	void scheduleRetry(TaskScheduler scheduler, Runnable retry) {
		if (this.retry != null && !this.retry.isDone()) {
			return;
		}
		long delay = this.backOff.nextBackOff();
		if (delay == BackOffExecution.STOP) {
			return;
		}
		this.retry = scheduler.schedule(retry,
				scheduler.getClock().instant().plus(Duration.ofMillis(Math.max(0, delay))));
	}

	/**
	 * The retry is due: take the refused keys not in flight (marking them in flight) and the uncertain
	 * ones (to unsubscribe first).
	 * @return the retry's keys
	 */
	Diff takeRetry() {
		this.retry = null;
		List<String> keys = new ArrayList<>(this.refused.keySet());
		keys.removeAll(this.inFlight);
		List<String> uncertainKeys = new ArrayList<>(this.uncertain);
		this.uncertain.clear();
		this.inFlight.addAll(keys);
		return new Diff(keys, uncertainKeys);
	}

	/** The connection is gone: cancel a pending retry. */
	void cancelRetry() {
		if (this.retry != null) {
			this.retry.cancel(false);
		}
	}

	/**
	 * Keys to subscribe and keys to unsubscribe.
	 * @param subscribe the keys to subscribe
	 * @param unsubscribe the keys to unsubscribe
	 */
	record Diff(List<String> subscribe, List<String> unsubscribe) {
	}

}
