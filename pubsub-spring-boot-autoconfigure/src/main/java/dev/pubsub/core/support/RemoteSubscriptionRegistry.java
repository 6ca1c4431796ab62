package dev.pubsub.core.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;
import org.springframework.util.backoff.BackOff;

import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.ReconnectPolicy;

/**
 * The remote side of a client's subscriptions, in one place for every provider: which remote keys
 * (topics, channels) the local subscriptions need, reference-counted, and which of them the server of
 * the current connection holds.
 * <p>
 * <b>Wanted keys.</b> A provider {@link #add adds} and {@link #remove removes} local keys (a pattern,
 * or a remote topic the provider already derived from one); each is counted, and the provider's
 * {@link KeyMapping} turns the set of local keys with a count above zero into the remote keys to
 * hold ({@link #wanted()}): the identity, or for example one catch-all key while any wildcard
 * exists.
 * <p>
 * <b>Connections.</b> On each (re)connect the provider {@link #attach attaches} a
 * {@link RemoteSubscriber} bound to the new connection; the registry subscribes the snapshot of the
 * wanted keys in one call. From then on every change is reconciled as a diff: keys that became
 * wanted are subscribed, held keys no longer wanted are unsubscribed. Calls are made while the
 * registry's lock is held, so they reach the connection in the order of the changes. On a drop the
 * provider {@link #detach() detaches}; answers that arrive for a detached connection are ignored.
 * <p>
 * <b>Confirm before held.</b> A key counts as held only once the subscriber's future completed with
 * {@link SubscribeOutcome#held()}. A refused subscribe ({@link SubscribeOutcome#refused}), a failed one
 * (the future completes exceptionally) or one not answered in time (exceptionally with a
 * {@link PubSubTimeoutException}) leaves every key of the call unheld, with the reason
 * ({@link #unheld()}). A server that answers each key on its own says so with
 * {@link SubscribeOutcome#partial}: exactly the keys it names are unheld (refused, or timed out), the
 * others of the call are held. Unheld keys are retried on the same connection, one key per call,
 * with the retry {@link BackOff} (the execution starts again once nothing is refused) until the key is
 * held or no longer wanted; held keys are never subscribed again on the same connection. A key whose
 * subscribe timed out may still have reached the server, so its retry first unsubscribes it (the
 * server would otherwise deliver twice). The registry sets no timeout of its own: the subscriber's
 * future must complete (the provider's request timeout).
 * <p>
 * <b>Refusals that end a connection.</b> Some servers refuse a subscription by closing the
 * connection (Realtime's "forbidden" close). The provider reports it with {@link #refusedByServer};
 * the refusal is kept across connections ({@link #refusals()}, for health) and the key is subscribed
 * again on the next {@link #attach}, until a later connection holds it or it is no longer wanted.
 * <p>
 * Thread-safe. Retries run on the given {@link TaskScheduler}. The bookkeeping of one connection (diff,
 * answers, retry schedule) sits in the package-private {@code RemoteSubscriptionSession}, the status
 * views and the reading of answers in {@code RemoteSubscriptionStatus}.
 */
public final class RemoteSubscriptionRegistry {

	private static final ReconnectPolicy FALLBACK_RETRY = ReconnectPolicy.defaults();

	/** The reason of a wanted key while no connection is attached. */
	public static final String NOT_CONNECTED = "not connected";

	/** The reason of a wanted key whose subscribe is in flight. */
	public static final String NOT_ANSWERED_YET = "subscribe not answered yet";

	private final Object monitor = new Object();

	private final Map<String, Integer> counts = new LinkedHashMap<>();

	private final Map<String, String> serverRefusals = new LinkedHashMap<>();

	private final TaskScheduler scheduler;

	private final BackOff retryBackOff;

	private final KeyMapping mapping;

	private final Listener listener;

	private @Nullable RemoteSubscriptionSession session;

	/**
	 * Create a registry.
	 * @param scheduler runs the retries
	 * @param retryBackOff the delays between retries of refused subscribes (see
	 * {@link #retryBackOff(ReconnectPolicy)})
	 * @param mapping turns the wanted local keys into remote keys
	 * @param listener told about refusals and recoveries
	 */
	public RemoteSubscriptionRegistry(TaskScheduler scheduler, BackOff retryBackOff, KeyMapping mapping,
			Listener listener) {
		this.scheduler = scheduler;
		this.retryBackOff = retryBackOff;
		this.mapping = mapping;
		this.listener = listener;
	}

	/**
	 * The retry back-off of a client: the delays of its reconnect policy with unlimited attempts; a
	 * disabled policy or one without delay retries with the default delays.
	 * @param policy the client's reconnect policy
	 * @return the back-off
	 */
	public static BackOff retryBackOff(ReconnectPolicy policy) {
		ReconnectPolicy retry = (policy.enabled() && !policy.initialDelay().isZero()) ? policy : FALLBACK_RETRY;
		return new ReconnectPolicy(true, retry.initialDelay(), retry.maxDelay(), retry.multiplier(), retry.jitter(),
				ReconnectPolicy.UNLIMITED)
			.toBackOff();
	}

	/**
	 * Count one more use of a local key and reconcile.
	 * @param localKey the local key (a pattern or a remote key)
	 * @return its count now
	 */
	public int add(String localKey) {
		synchronized (this.monitor) {
			int count = this.counts.merge(localKey, 1, Integer::sum);
			reconcile();
			return count;
		}
	}

	/**
	 * Count one use less of a local key and reconcile; a key not counted is ignored.
	 * @param localKey the local key
	 * @return its count now, 0 once it is gone
	 */
	public int remove(String localKey) {
		synchronized (this.monitor) {
			Integer count = this.counts.computeIfPresent(localKey, (key, value) -> (value > 1) ? value - 1 : null);
			reconcile();
			return (count != null) ? count : 0;
		}
	}

	/**
	 * Return the remote keys the local subscriptions need, whether held or not.
	 * @return the wanted keys, in the order they were first added
	 */
	public Set<String> wanted() {
		synchronized (this.monitor) {
			return new LinkedHashSet<>(desired());
		}
	}

	private Set<String> desired() {
		return this.mapping.remoteKeys(this.counts.keySet());
	}

	/**
	 * Return the keys the server of the current connection confirmed.
	 * @return the held keys, empty when no connection is attached
	 */
	public List<String> held() {
		synchronized (this.monitor) {
			return (this.session != null) ? List.copyOf(this.session.held) : List.of();
		}
	}

	/**
	 * Return every wanted key that is not held now, with the reason: {@value #NOT_CONNECTED} (or the
	 * server's refusal that ended the last connection), the refusal or failure of its last subscribe,
	 * or {@value #NOT_ANSWERED_YET}.
	 * @return key to reason, in the order of {@link #wanted()}
	 */
	public Map<String, String> unheld() {
		synchronized (this.monitor) {
			return RemoteSubscriptionStatus.unheld(desired(), this.serverRefusals, this.session);
		}
	}

	/**
	 * Return the wanted keys the server refused and that no connection holds since: refusals that
	 * ended a connection ({@link #refusedByServer}) and refusals of the current connection (being
	 * retried), with the reason. Unlike {@link #unheld()}, a key merely not connected or not answered
	 * yet is not listed.
	 * @return key to reason
	 */
	public Map<String, String> refusals() {
		synchronized (this.monitor) {
			return RemoteSubscriptionStatus.refusals(this.serverRefusals, this.session);
		}
	}

	/**
	 * Record that the server refused a key in a way that ends the connection (a close naming it): the
	 * key is no longer held, stays wanted, is reported by {@link #refusals()} and {@link #unheld()} and
	 * is subscribed again on the next {@link #attach}.
	 * @param key the remote key
	 * @param reason why (sanitized)
	 * @return {@code true} if the key is wanted (and so recorded)
	 */
	public boolean refusedByServer(String key, String reason) {
		synchronized (this.monitor) {
			if (!desired().contains(key)) {
				return false;
			}
			this.serverRefusals.put(key, reason);
			if (this.session != null) {
				// not subscribed again on this connection (it is ending), but on the next one
				this.session.held.remove(key);
				this.session.refused.put(key, reason);
			}
			return true;
		}
	}

	/**
	 * Start tracking a new connection: subscribe to every wanted key in one call (answered as a whole
	 * or {@linkplain SubscribeOutcome#partial per key}).
	 * @param subscriber sends calls on the new connection
	 * @return completed once the server answered (or the call failed); never exceptionally
	 */
	public CompletableFuture<Void> attach(RemoteSubscriber subscriber) {
		synchronized (this.monitor) {
			detachLocked();
			RemoteSubscriptionSession fresh = new RemoteSubscriptionSession(subscriber, this.retryBackOff.start());
			this.session = fresh;
			List<String> keys = List.copyOf(desired());
			if (keys.isEmpty()) {
				return CompletableFuture.completedFuture(null);
			}
			fresh.inFlight.addAll(keys);
			return subscribe(fresh, keys);
		}
	}

	/**
	 * Stop tracking the current connection (it closed); pending retries are cancelled and late answers
	 * ignored.
	 */
	public void detach() {
		synchronized (this.monitor) {
			detachLocked();
		}
	}

	/**
	 * Whether a connection is attached.
	 * @return {@code true} between {@link #attach} and {@link #detach()}
	 */
	public boolean isAttached() {
		synchronized (this.monitor) {
			return this.session != null;
		}
	}

	private void detachLocked() {
		RemoteSubscriptionSession old = this.session;
		this.session = null;
		if (old != null) {
			old.cancelRetry();
		}
	}

	/** Bring the current connection's remote subscriptions in line with the wanted ones. */
	private void reconcile() {
		Set<String> desired = desired();
		this.serverRefusals.keySet().retainAll(desired);
		RemoteSubscriptionSession current = this.session;
		if (current == null) {
			return;
		}
		RemoteSubscriptionSession.Diff diff = current.diff(desired);
		if (!diff.subscribe().isEmpty()) {
			subscribe(current, diff.subscribe());
		}
		if (!diff.unsubscribe().isEmpty()) {
			current.subscriber.unsubscribe(diff.unsubscribe());
		}
	}

	private CompletableFuture<Void> subscribe(RemoteSubscriptionSession session, List<String> keys) {
		CompletableFuture<SubscribeOutcome> answer;
		try {
			answer = session.subscriber.subscribe(keys);
		}
		catch (RuntimeException ex) {
			answer = CompletableFuture.failedFuture(ex);
		}
		return answer.handle((outcome, ex) -> {
			answered(session, keys, outcome, ex);
			return null;
		});
	}

	private void answered(RemoteSubscriptionSession session, List<String> keys, @Nullable SubscribeOutcome outcome,
			@Nullable Throwable ex) {
		Map<String, RemoteSubscriptionStatus.Refusal> refusals = RemoteSubscriptionStatus.refusals(keys, outcome, ex);
		List<String> recovered = new ArrayList<>();
		synchronized (this.monitor) {
			if (this.session != session) {
				return;
			}
			for (String key : keys) {
				RemoteSubscriptionStatus.Refusal refusal = refusals.get(key);
				if (refusal != null) {
					session.refused(List.of(key), refusal.reason(), refusal.timedOut());
				}
				else {
					boolean wasRefused = session.confirmed(key);
					wasRefused |= this.serverRefusals.remove(key) != null;
					if (wasRefused) {
						recovered.add(key);
					}
				}
			}
			if (!refusals.isEmpty()) {
				session.scheduleRetry(this.scheduler, () -> retry(session));
			}
			else if (session.refused.isEmpty()) {
				session.backOff = this.retryBackOff.start();
			}
			reconcile();
		}
		Map<String, List<String>> byReason = new LinkedHashMap<>();
		refusals.forEach((key, refusal) -> byReason.computeIfAbsent(refusal.reason(), (r) -> new ArrayList<>()).add(key));
		byReason.forEach((reason, refused) -> this.listener.refused(refused, reason));
		if (!recovered.isEmpty()) {
			this.listener.recovered(recovered);
		}
	}

	private void retry(RemoteSubscriptionSession session) {
		synchronized (this.monitor) {
			if (this.session != session) {
				return;
			}
			RemoteSubscriptionSession.Diff due = session.takeRetry();
			if (!due.unsubscribe().isEmpty()) {
				session.subscriber.unsubscribe(due.unsubscribe());
			}
			for (String key : due.subscribe()) {
				subscribe(session, List.of(key));
			}
		}
	}

	/**
	 * Turns the local keys with a count above zero into the remote keys to hold.
	 */
	@FunctionalInterface
	public interface KeyMapping {

		/**
		 * Map the wanted local keys.
		 * @param localKeys the local keys, in the order they were first added (a live view: do not
		 * keep it)
		 * @return the remote keys to hold
		 */
		Set<String> remoteKeys(Set<String> localKeys);

		/**
		 * The mapping for providers whose local keys are the remote keys.
		 * @return the identity mapping
		 */
		static KeyMapping identity() {
			return LinkedHashSet::new;
		}

	}

	/**
	 * Told when wanted keys become unheld or held again. Called after the registry's lock is released,
	 * unless the subscriber's future was already complete when returned.
	 */
	public interface Listener {

		/**
		 * The server refused, failed or did not answer a subscribe; it is retried.
		 * @param keys the keys
		 * @param reason why (sanitized)
		 */
		default void refused(List<String> keys, String reason) {
		}

		/**
		 * Keys that had been refused are held now.
		 * @param keys the keys
		 */
		default void recovered(List<String> keys) {
		}

	}

}
