package dev.pubsub.core.support;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.ReconnectPolicy;

/**
 * Drives the connection of one client: its state and last error, connect with retries, disconnect, and
 * reconnect with backoff after an unexpected drop. It reaches the provider only through the
 * {@link ReconnectTarget} the client facade passes in, and reports through the client's
 * {@link ConnectionEventPublisher}.
 * <p>
 * One {@link BackOffExecution} of the policy's backoff runs across drops and starts again only after a
 * connection stayed up for the policy's {@link ReconnectPolicy#stableAfter() stability window}, so a
 * server that accepts and then closes sees growing delays. Each run of attempts has a generation:
 * {@link #connect()}, {@link #stop()} and each drop start a new one, and whatever an older generation
 * scheduled or completes late is ignored. Attempts run on the client's scheduler thread.
 */
final class ReconnectDriver {

	private static final int MAX_LOGGED_CAUSE = 300;

	private final String clientName;

	private final ReconnectTarget target;

	private final ConnectionEventPublisher events;

	private final ClientExecutors executors;

	private final PubSubClientMetrics metrics;

	private final Log logger;

	private final ReconnectPolicy policy;

	private final BackOff backOff;

	private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.DISCONNECTED);

	private final Object monitor = new Object();

	private volatile boolean userDisconnected = true;

	private volatile int generation;

	private volatile @Nullable Throwable lossDuringHandshake;

	private volatile @Nullable Throwable lastError;

	private volatile long connectedAtNanos;

	private @Nullable CompletableFuture<Void> connectFuture;

	private @Nullable ScheduledFuture<?> pendingAttempt;

	private BackOffExecution backOffExecution;

	private int attemptsSinceStable;

	/**
	 * Create a driver.
	 * @param clientName the client's name, for messages
	 * @param policy the reconnect policy
	 * @param target the provider's transport hooks
	 * @param events where connection events go
	 * @param executors the client's threads; attempts run on its scheduler
	 * @param metrics counts failed attempts and reconnects
	 * @param logger the client's logger
	 */
	ReconnectDriver(String clientName, ReconnectPolicy policy, ReconnectTarget target, ConnectionEventPublisher events,
			ClientExecutors executors, PubSubClientMetrics metrics, Log logger) {
		this.clientName = clientName;
		this.target = target;
		this.events = events;
		this.executors = executors;
		this.metrics = metrics;
		this.logger = logger;
		this.policy = policy;
		this.backOff = policy.toBackOff();
		this.backOffExecution = this.backOff.start();
	}

	ConnectionState state() {
		return this.state.get();
	}

	@Nullable Throwable lastError() {
		return this.lastError;
	}

	void recordError(Throwable error) {
		this.lastError = error;
	}

	/**
	 * Whether the user wants the client connected: {@link #connect()} was called and {@link #stop()}
	 * was not called since.
	 * @return {@code true} while running
	 */
	boolean isRunning() {
		return !this.userDisconnected;
	}

	CompletableFuture<Void> connect() {
		synchronized (this.monitor) {
			if (this.connectFuture != null && !this.connectFuture.isCompletedExceptionally()
					&& state() != ConnectionState.DISCONNECTED && state() != ConnectionState.FAILED) {
				return this.connectFuture;
			}
			this.userDisconnected = false;
			this.connectFuture = new CompletableFuture<>();
			this.backOffExecution = this.backOff.start();
			this.attemptsSinceStable = 0;
			int gen = ++this.generation;
			this.state.set(ConnectionState.CONNECTING);
			this.events.fire(ConnectionEventType.CONNECTING, 0, null, Map.of());
			this.executors.scheduler().execute(() -> attempt(gen, 0));
			return this.connectFuture;
		}
	}

	/**
	 * Stop connecting: cancel a pending attempt, fail a pending connect future, and switch to
	 * {@code DISCONNECTED}. The caller closes the session.
	 * @return the state before the switch
	 */
	ConnectionState stop() {
		synchronized (this.monitor) {
			this.userDisconnected = true;
			this.generation++;
			if (this.pendingAttempt != null) {
				this.pendingAttempt.cancel(false);
				this.pendingAttempt = null;
			}
			if (this.connectFuture != null && !this.connectFuture.isDone()) {
				this.connectFuture.completeExceptionally(new PubSubNotConnectedException("Client '"
						+ this.clientName + "' was disconnected before the connection was established"));
			}
		}
		return this.state.getAndSet(ConnectionState.DISCONNECTED);
	}

	/**
	 * Stop connecting, close the session, fail pending waiters and announce {@code DISCONNECTED} (unless the
	 * client was disconnected already).
	 */
	void disconnect() {
		ConnectionState previous = stop();
		try {
			this.target.closeSession().run();
		}
		catch (RuntimeException ex) {
			this.logger.debug("Error while closing client '" + this.clientName + "'", ex);
		}
		this.target.sessionLost()
			.accept(new PubSubConnectionLostException("Client '" + this.clientName + "' was disconnected"));
		if (previous != ConnectionState.DISCONNECTED) {
			this.events.fire(ConnectionEventType.DISCONNECTED, 0, null, Map.of("reason", "disconnect() called"));
		}
	}

	/**
	 * Handle an unexpected drop of an established session, as the provider reports it.
	 * @param cause what closed the connection
	 */
	void connectionLost(Throwable cause) {
		int gen;
		long upMillis;
		synchronized (this.monitor) {
			if (this.userDisconnected) {
				return;
			}
			if (state() != ConnectionState.CONNECTED) {
				this.lossDuringHandshake = cause;
				return;
			}
			gen = ++this.generation;
			this.state.set(ConnectionState.RECONNECTING);
			upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.connectedAtNanos);
			if (upMillis >= this.policy.stableAfter().toMillis()) {
				this.backOffExecution = this.backOff.start();
				this.attemptsSinceStable = 0;
			}
		}
		recordError(cause);
		this.target.sessionLost().accept(cause);
		this.events.fire(ConnectionEventType.DISCONNECTED, 0, cause, Map.of("upMillis", upMillis));
		scheduleAttempt(gen, cause, "lost its connection after " + upMillis + " ms");
	}

	private void attempt(int gen, int attempt) {
		if (gen != this.generation) {
			return;
		}
		this.lossDuringHandshake = null;
		CompletableFuture<Void> session;
		try {
			session = this.target.openSession().get();
		}
		catch (RuntimeException ex) {
			session = CompletableFuture.failedFuture(ex);
		}
		session.whenComplete((ok, ex) -> {
			if (gen != this.generation) {
				if (ex == null) {
					this.target.closeSession().run();
				}
				return;
			}
			if (ex == null) {
				connected(gen, attempt);
			}
			else {
				Throwable cause = Failures.unwrap(ex);
				recordError(cause);
				this.metrics.connectFailed();
				this.events.fire(ConnectionEventType.ERROR, attempt, cause, Map.of());
				if (this.target.isPermanent().test(cause)) {
					giveUp(gen, cause, "connection attempt " + attempt + " failed", "a permanent failure");
				}
				else {
					scheduleAttempt(gen, cause, "connection attempt " + attempt + " failed");
				}
			}
		});
	}

	private void connected(int gen, int attempt) {
		CompletableFuture<Void> future;
		synchronized (this.monitor) {
			if (gen != this.generation) {
				return;
			}
			this.state.set(ConnectionState.CONNECTED);
			this.connectedAtNanos = System.nanoTime();
			future = this.connectFuture;
		}
		if (attempt > 0) {
			this.metrics.reconnected();
		}
		this.events.fire(ConnectionEventType.CONNECTED, attempt, null, this.target.connectedDetails().get());
		if (future != null) {
			future.complete(null);
		}
		Throwable lost = this.lossDuringHandshake;
		if (lost != null) {
			this.lossDuringHandshake = null;
			connectionLost(lost);
		}
	}

	/**
	 * Schedule the next attempt with the next delay of the running backoff, or give up when it is
	 * exhausted. Logs one line: what happened, and the next attempt and delay.
	 */
	private void scheduleAttempt(int gen, Throwable cause, String what) {
		synchronized (this.monitor) {
			if (gen != this.generation) {
				return;
			}
			long delay = this.backOffExecution.nextBackOff();
			if (delay == BackOffExecution.STOP) {
				giveUp(gen, cause, what, this.policy.enabled()
						? "no attempts left (max-attempts " + this.policy.maxAttempts() + ")" : "reconnect is disabled");
				return;
			}
			int attempt = ++this.attemptsSinceStable;
			if (state() != ConnectionState.CONNECTING) {
				this.state.set(ConnectionState.RECONNECTING);
			}
			this.logger.warn("Client '" + this.clientName + "' " + what + ": " + describe(cause)
					+ "; reconnect attempt " + attempt + " in " + delay + " ms");
			this.events.fire(ConnectionEventType.RECONNECTING, attempt, cause, Map.of("delayMillis", delay));
			this.pendingAttempt = this.executors.scheduler()
				.schedule(() -> attempt(gen, attempt), delay, TimeUnit.MILLISECONDS);
		}
	}

	private void giveUp(int gen, Throwable cause, String what, String why) {
		CompletableFuture<Void> future;
		synchronized (this.monitor) {
			if (gen != this.generation) {
				return;
			}
			this.state.set(ConnectionState.FAILED);
			future = this.connectFuture;
		}
		this.logger.error("Client '" + this.clientName + "' " + what + ": " + describe(cause)
				+ "; gave up (" + why + ")");
		this.events.fire(ConnectionEventType.ERROR, 0, cause, Map.of("gaveUp", true));
		if (future != null) {
			future.completeExceptionally(cause);
		}
	}

	/**
	 * Describe a cause for the one log line of a drop or attempt: its type and message plus those of
	 * its root cause (a transport's close code often sits there), escaped and capped.
	 */
	static String describe(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = (root == cause) ? cause.toString() : cause + " (caused by " + root + ")";
		return LogSanitizer.sanitize(text, MAX_LOGGED_CAUSE);
	}

}
