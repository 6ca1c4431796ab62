package dev.pubsub.wsrpc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.support.LogSanitizer;

/**
 * The remote side of a wsrpc client's subscriptions: which topics the local subscriptions need
 * (one per concrete topic, or only {@link WsRpcTopics#ALL_TOPICS} while any wildcard pattern exists,
 * since a direct subscription next to it would make the server send each event twice), and which
 * of them the server of the current connection holds.
 * <p>
 * A topic counts as held only once the server answered its {@code subscribe} with {@code true}. A
 * subscribe the server refuses ({@code false}), fails or leaves unanswered keeps the topic
 * <em>unheld</em> (with the reason, see {@link #unheld()}) and is retried, one topic per call, with
 * exponential backoff until it is held or no longer wanted. A topic whose subscribe timed out may
 * still have reached the server, so its retry first unsubscribes it (the server would otherwise send
 * each event twice).
 */
final class WsRpcRemoteSubscriptions {

	private static final ReconnectPolicy FALLBACK_RETRY = ReconnectPolicy.defaults();

	private final Object monitor = new Object();

	private final Map<String, Integer> concreteTopics = new HashMap<>();

	private int wildcardSubscriptions;

	private final ScheduledExecutorService scheduler;

	private final BackOff retryBackOff;

	private final Listener listener;

	private @Nullable Session session;

	/**
	 * Create the registry.
	 * @param scheduler runs the retries
	 * @param policy the client's reconnect policy, whose delays the retries follow (unlimited
	 * attempts; a disabled policy or one without delay retries with the default delays)
	 * @param listener told about refusals and recoveries
	 */
	WsRpcRemoteSubscriptions(ScheduledExecutorService scheduler, ReconnectPolicy policy, Listener listener) {
		this.scheduler = scheduler;
		ReconnectPolicy retry = (policy.enabled() && !policy.initialDelay().isZero()) ? policy : FALLBACK_RETRY;
		this.retryBackOff = new ReconnectPolicy(true, retry.initialDelay(), retry.maxDelay(), retry.multiplier(),
				retry.jitter(), ReconnectPolicy.UNLIMITED)
			.toBackOff();
		this.listener = listener;
	}

	/**
	 * A local subscription was added.
	 * @param topic the concrete topic, or the pattern when {@code wildcard}
	 * @param wildcard whether it needs {@link WsRpcTopics#ALL_TOPICS}
	 */
	void add(String topic, boolean wildcard) {
		synchronized (this.monitor) {
			if (wildcard) {
				this.wildcardSubscriptions++;
			}
			else {
				this.concreteTopics.merge(topic, 1, Integer::sum);
			}
			reconcile();
		}
	}

	/**
	 * A local subscription was cancelled.
	 * @param topic the concrete topic, or the pattern when {@code wildcard}
	 * @param wildcard whether it needed {@link WsRpcTopics#ALL_TOPICS}
	 */
	void remove(String topic, boolean wildcard) {
		synchronized (this.monitor) {
			if (wildcard) {
				this.wildcardSubscriptions--;
			}
			else {
				this.concreteTopics.computeIfPresent(topic, (key, count) -> (count > 1) ? count - 1 : null);
			}
			reconcile();
		}
	}

	private Set<String> desired() {
		return (this.wildcardSubscriptions > 0) ? Set.of(WsRpcTopics.ALL_TOPICS)
				: new LinkedHashSet<>(this.concreteTopics.keySet());
	}

	/**
	 * Start tracking a new connection: subscribe to every wanted topic in one call.
	 * @param calls sends calls on the new connection
	 * @return completed once the server answered (or the call failed); never exceptionally
	 */
	CompletableFuture<Void> attach(Calls calls) {
		Session fresh = new Session(calls, this.retryBackOff.start());
		List<String> topics;
		synchronized (this.monitor) {
			detachLocked();
			this.session = fresh;
			topics = List.copyOf(desired());
			fresh.inFlight.addAll(topics);
		}
		if (topics.isEmpty()) {
			return CompletableFuture.completedFuture(null);
		}
		return subscribe(fresh, topics);
	}

	/**
	 * Stop tracking the current connection (it closed); pending retries are cancelled.
	 */
	void detach() {
		synchronized (this.monitor) {
			detachLocked();
		}
	}

	private void detachLocked() {
		Session old = this.session;
		this.session = null;
		if (old != null && old.retry != null) {
			old.retry.cancel(false);
		}
	}

	/**
	 * Return the topics the server of the current connection holds.
	 * @return the held topics, empty when not connected
	 */
	List<String> held() {
		synchronized (this.monitor) {
			return (this.session != null) ? List.copyOf(this.session.held) : List.of();
		}
	}

	/**
	 * Return the wanted topics the server does not hold, with the reason.
	 * @return topic to reason
	 */
	Map<String, String> unheld() {
		synchronized (this.monitor) {
			Map<String, String> unheld = new LinkedHashMap<>();
			Session current = this.session;
			for (String topic : desired()) {
				if (current == null) {
					unheld.put(topic, "not connected");
				}
				else if (!current.held.contains(topic)) {
					unheld.put(topic, current.refused.getOrDefault(topic, "subscribe not answered yet"));
				}
			}
			return unheld;
		}
	}

	/** Bring the current connection's remote subscriptions in line with the wanted ones. */
	private void reconcile() {
		Session current = this.session;
		if (current == null) {
			return;
		}
		Set<String> desired = desired();
		List<String> added = new ArrayList<>();
		for (String topic : desired) {
			if (!current.held.contains(topic) && !current.inFlight.contains(topic)
					&& !current.refused.containsKey(topic)) {
				added.add(topic);
			}
		}
		List<String> removed = new ArrayList<>();
		for (String topic : current.held) {
			if (!desired.contains(topic)) {
				removed.add(topic);
			}
		}
		current.held.removeAll(removed);
		current.refused.keySet().retainAll(desired);
		current.uncertain.retainAll(desired);
		if (!added.isEmpty()) {
			current.inFlight.addAll(added);
			subscribe(current, added);
		}
		if (!removed.isEmpty()) {
			current.calls.call("unsubscribe", removed);
		}
	}

	private CompletableFuture<Void> subscribe(Session session, List<String> topics) {
		return session.calls.call("subscribe", topics).handle((result, ex) -> {
			answered(session, topics, result, ex);
			return null;
		});
	}

	private void answered(Session session, List<String> topics, @Nullable JsonNode result, @Nullable Throwable ex) {
		String reason = null;
		boolean timedOut = false;
		if (ex != null) {
			Throwable cause = unwrap(ex);
			timedOut = cause instanceof PubSubTimeoutException;
			reason = (timedOut ? "subscribe not answered: " : "subscribe failed: ")
					+ LogSanitizer.sanitize(cause.getMessage());
		}
		else if (result == null || !result.asBoolean(false)) {
			reason = "subscribe refused by the server (result " + LogSanitizer.sanitize(result, 50) + ")";
		}
		List<String> recovered = new ArrayList<>();
		synchronized (this.monitor) {
			if (this.session != session) {
				return;
			}
			topics.forEach(session.inFlight::remove);
			if (reason == null) {
				for (String topic : topics) {
					session.held.add(topic);
					session.uncertain.remove(topic);
					if (session.refused.remove(topic) != null) {
						recovered.add(topic);
					}
				}
				if (session.refused.isEmpty()) {
					session.backOff = this.retryBackOff.start();
				}
			}
			else {
				for (String topic : topics) {
					session.refused.put(topic, reason);
					if (timedOut) {
						session.uncertain.add(topic);
					}
				}
				scheduleRetry(session);
			}
			reconcile();
		}
		if (reason != null) {
			this.listener.refused(topics, reason);
		}
		else if (!recovered.isEmpty()) {
			this.listener.recovered(recovered);
		}
	}

	private void scheduleRetry(Session session) {
		if (session.retry != null && !session.retry.isDone()) {
			return;
		}
		long delay = session.backOff.nextBackOff();
		session.retry = this.scheduler.schedule(() -> retry(session), Math.max(0, delay), TimeUnit.MILLISECONDS);
	}

	private void retry(Session session) {
		List<String> topics;
		List<String> uncertain;
		synchronized (this.monitor) {
			if (this.session != session) {
				return;
			}
			session.retry = null;
			topics = new ArrayList<>(session.refused.keySet());
			topics.removeAll(session.inFlight);
			uncertain = new ArrayList<>(session.uncertain);
			session.uncertain.clear();
			session.inFlight.addAll(topics);
		}
		if (!uncertain.isEmpty()) {
			session.calls.call("unsubscribe", uncertain);
		}
		for (String topic : topics) {
			subscribe(session, List.of(topic));
		}
	}

	private static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Sends a call with a {@code topics} argument on the current connection.
	 */
	@FunctionalInterface
	interface Calls {

		/**
		 * Call a method.
		 * @param method {@code subscribe} or {@code unsubscribe}
		 * @param topics the topics
		 * @return the result
		 */
		CompletableFuture<JsonNode> call(String method, List<String> topics);

	}

	/**
	 * Told when wanted topics become unheld or held again.
	 */
	interface Listener {

		/**
		 * The server refused, failed or did not answer a subscribe; it is retried.
		 * @param topics the topics
		 * @param reason why (sanitized)
		 */
		void refused(List<String> topics, String reason);

		/**
		 * Topics that had been refused are held now.
		 * @param topics the topics
		 */
		void recovered(List<String> topics);

	}

	/**
	 * The remote subscriptions of one connection.
	 */
	private static final class Session {

		private final Calls calls;

		private final Set<String> held = new LinkedHashSet<>();

		private final Set<String> inFlight = new LinkedHashSet<>();

		private final Map<String, String> refused = new LinkedHashMap<>();

		private final Set<String> uncertain = new LinkedHashSet<>();

		private BackOffExecution backOff;

		private @Nullable ScheduledFuture<?> retry;

		Session(Calls calls, BackOffExecution backOff) {
			this.calls = calls;
			this.backOff = backOff;
		}

	}

}
