package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationEventPublisherAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionListener;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubConnectionApplicationEvent;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

/**
 * The lifecycle every provider client shares: state, connection events (to listeners and as
 * Spring application events), connect with retries, reconnect with backoff after an unexpected
 * drop, local subscriptions with ordered bounded dispatch, and graceful shutdown.
 * <p>
 * Subclasses implement the transport: {@link #doConnect()} establishes a session (including the
 * restore of remote subscriptions), {@link #doDisconnect()} closes it, and they call
 * {@link #connectionLost(Throwable)} when it drops and {@link #dispatch(PubSubMessage)} for each
 * decoded message.
 */
public abstract class AbstractPubSubClient implements PubSubClient, SmartLifecycle, ApplicationEventPublisherAware,
		DisposableBean {

	private static final int MAX_LOGGED_CAUSE = 300;

	/** The lifecycle phase of clients: before the listener registry, which binds to them. */
	public static final int PHASE = Integer.MAX_VALUE - 2000;

	protected final Log logger = LogFactory.getLog(getClass());

	/**
	 * How many {@code ERROR} connection events may wait for the event thread at once. A peer that
	 * sends bad frames faster than the connection listeners handle their events would otherwise
	 * grow the event queue without bound; events over this are dropped and counted
	 * ({@link #droppedErrorEvents()}). Other event types are never dropped: their number is bounded
	 * by the connection's state changes.
	 */
	public static final int MAX_PENDING_ERROR_EVENTS = 1_000;

	private final AtomicInteger pendingErrorEvents = new AtomicInteger();

	private final AtomicLong droppedErrorEvents = new AtomicLong();

	private final RateLimitedLog droppedErrorEventsLog = new RateLimitedLog(this.logger);

	private final String name;

	private final JsonMapper jsonMapper;

	private final ReconnectPolicy reconnectPolicy;

	private final Duration defaultTimeout;

	private final PubSubClientMetrics metrics = new PubSubClientMetrics();

	private final InboundBudget inboundBudget = new InboundBudget(InboundBudget.DEFAULT_MAX_BYTES, this.metrics);

	private final ScheduledExecutorService scheduler;

	private final ExecutorService eventExecutor;

	private final ExecutorService callbackExecutor;

	private final List<ConnectionListener> connectionListeners = new CopyOnWriteArrayList<>();

	private final List<DispatchingSubscription> subscriptions = new CopyOnWriteArrayList<>();

	private final AtomicReference<ConnectionState> state = new AtomicReference<>(ConnectionState.DISCONNECTED);

	private final Object monitor = new Object();

	private volatile @Nullable ApplicationEventPublisher eventPublisher;

	private volatile @Nullable Throwable lastError;

	private volatile boolean autoConnect = true;

	private volatile PublishObserver publishObserver = PublishObserver.NONE;

	private volatile boolean userDisconnected = true;

	private volatile int generation;

	private volatile @Nullable Throwable lossDuringHandshake;

	private @Nullable CompletableFuture<Void> connectFuture;

	private @Nullable ScheduledFuture<?> pendingAttempt;

	private final BackOff backOff;

	private BackOffExecution backOffExecution;

	private int attemptsSinceStable;

	private volatile long connectedAtNanos;

	protected AbstractPubSubClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration defaultTimeout) {
		Assert.hasText(name, "name must not be empty");
		this.name = name;
		this.jsonMapper = jsonMapper;
		this.reconnectPolicy = reconnectPolicy;
		this.backOff = reconnectPolicy.toBackOff();
		this.backOffExecution = this.backOff.start();
		this.defaultTimeout = defaultTimeout;
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemon("pubsub-" + name + "-timer"));
		executor.setRemoveOnCancelPolicy(true);
		this.scheduler = executor;
		this.eventExecutor = Executors.newSingleThreadExecutor(daemon("pubsub-" + name + "-events"));
		this.callbackExecutor = Executors.newCachedThreadPool(daemon("pubsub-" + name + "-callbacks"));
	}

	/**
	 * A factory of daemon threads that all carry the given name, for the executors a client owns.
	 * @param threadName the thread name
	 * @return the thread factory
	 */
	protected static ThreadFactory daemon(String threadName) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		};
	}

	@Override
	public final String name() {
		return this.name;
	}

	@Override
	public ConnectionState state() {
		return this.state.get();
	}

	@Override
	public PubSubClientMetrics metrics() {
		return this.metrics;
	}

	@Override
	public @Nullable Throwable lastError() {
		return this.lastError;
	}

	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Return the default timeout for acks, replies and requests.
	 * @return the default timeout
	 */
	public Duration defaultTimeout() {
		return this.defaultTimeout;
	}

	public ReconnectPolicy reconnectPolicy() {
		return this.reconnectPolicy;
	}

	protected ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	/**
	 * Return the executor on which futures handed to users are completed, so that their
	 * continuations never run on a network I/O thread.
	 * @return the callback executor
	 */
	protected ExecutorService callbackExecutor() {
		return this.callbackExecutor;
	}

	/**
	 * Set whether the client connects when the application context starts.
	 * @param autoConnect {@code true} to connect on start
	 */
	public void setAutoConnect(boolean autoConnect) {
		this.autoConnect = autoConnect;
	}

	/**
	 * Set what wraps each publish of this client (Micrometer observations when
	 * {@code pubsub.observation.enabled}); default {@link PublishObserver#NONE}.
	 * @param publishObserver the observer
	 */
	public void setPublishObserver(PublishObserver publishObserver) {
		Assert.notNull(publishObserver, "publishObserver must not be null");
		this.publishObserver = publishObserver;
	}

	/**
	 * Run one publish through the {@link PublishObserver}: each provider's publish method calls
	 * this once with the work that starts the publish.
	 * @param topic the topic, channel or destination published to
	 * @param publish starts the publish and returns its future
	 * @return the future of the publish
	 */
	protected final CompletableFuture<PublishReceipt> observePublish(String topic,
			Supplier<CompletableFuture<PublishReceipt>> publish) {
		return this.publishObserver.observe(this, topic, publish);
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
		this.eventPublisher = applicationEventPublisher;
	}

	@Override
	public void addConnectionListener(ConnectionListener listener) {
		this.connectionListeners.add(listener);
	}

	@Override
	public void removeConnectionListener(ConnectionListener listener) {
		this.connectionListeners.remove(listener);
	}

	@Override
	public CompletableFuture<Void> connect() {
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
			setState(ConnectionState.CONNECTING);
			fire(ConnectionEventType.CONNECTING, 0, null, Map.of());
			this.scheduler.execute(() -> attempt(gen, 0));
			return this.connectFuture;
		}
	}

	@Override
	public void disconnect() {
		synchronized (this.monitor) {
			this.userDisconnected = true;
			this.generation++;
			if (this.pendingAttempt != null) {
				this.pendingAttempt.cancel(false);
				this.pendingAttempt = null;
			}
			if (this.connectFuture != null && !this.connectFuture.isDone()) {
				this.connectFuture.completeExceptionally(new PubSubNotConnectedException(
						"Client '" + this.name + "' was disconnected before the connection was established"));
			}
		}
		ConnectionState previous = this.state.getAndSet(ConnectionState.DISCONNECTED);
		try {
			doDisconnect();
		}
		catch (RuntimeException ex) {
			this.logger.debug("Error while closing client '" + this.name + "'", ex);
		}
		onConnectionLost(new PubSubConnectionLostException(
				"Client '" + this.name + "' was disconnected"));
		if (previous != ConnectionState.DISCONNECTED) {
			fire(ConnectionEventType.DISCONNECTED, 0, null, Map.of("reason", "disconnect() called"));
		}
	}

	/**
	 * Report an unexpected drop of an established session. Pending waiters fail, and a reconnect is
	 * scheduled unless the user disconnected or the policy forbids it. A drop reported while the
	 * session is being established (after the subclass completed its future but before the client
	 * switched to {@code CONNECTED}) takes effect right after the switch.
	 * <p>
	 * The backoff starts again at the initial delay only if the connection had been up for the
	 * policy's {@link ReconnectPolicy#stableAfter() stability window}; otherwise the delays keep
	 * growing from where the last run of attempts left them. The drop is logged once, with the
	 * cause (which carries the close code and reason) and the next delay.
	 * @param cause what closed the connection
	 */
	protected final void connectionLost(Throwable cause) {
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
			setState(ConnectionState.RECONNECTING);
			upMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.connectedAtNanos);
			if (upMillis >= this.reconnectPolicy.stableAfter().toMillis()) {
				this.backOffExecution = this.backOff.start();
				this.attemptsSinceStable = 0;
			}
		}
		this.lastError = cause;
		onConnectionLost(cause);
		fire(ConnectionEventType.DISCONNECTED, 0, cause, Map.of("upMillis", upMillis));
		scheduleAttempt(gen, cause, "lost its connection after " + upMillis + " ms");
	}

	private void attempt(int gen, int attempt) {
		if (gen != this.generation) {
			return;
		}
		this.lossDuringHandshake = null;
		CompletableFuture<Void> session;
		try {
			session = doConnect();
		}
		catch (RuntimeException ex) {
			session = CompletableFuture.failedFuture(ex);
		}
		session.whenComplete((ok, ex) -> {
			if (gen != this.generation) {
				if (ex == null) {
					doDisconnect();
				}
				return;
			}
			if (ex == null) {
				connected(gen, attempt);
			}
			else {
				Throwable cause = (ex instanceof CompletionException && ex.getCause() != null)
						? ex.getCause() : ex;
				this.lastError = cause;
				this.metrics.connectFailed();
				fire(ConnectionEventType.ERROR, attempt, cause, Map.of());
				if (isPermanentFailure(cause)) {
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
			setState(ConnectionState.CONNECTED);
			this.connectedAtNanos = System.nanoTime();
			future = this.connectFuture;
		}
		if (attempt > 0) {
			this.metrics.reconnected();
		}
		fire(ConnectionEventType.CONNECTED, attempt, null, connectionDetails());
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
				giveUp(gen, cause, what, this.reconnectPolicy.enabled()
						? "no attempts left (max-attempts " + this.reconnectPolicy.maxAttempts() + ")"
						: "reconnect is disabled");
				return;
			}
			int attempt = ++this.attemptsSinceStable;
			if (state() != ConnectionState.CONNECTING) {
				setState(ConnectionState.RECONNECTING);
			}
			this.logger.warn("Client '" + this.name + "' " + what + ": " + describe(cause)
					+ "; reconnect attempt " + attempt + " in " + delay + " ms");
			fire(ConnectionEventType.RECONNECTING, attempt, cause, Map.of("delayMillis", delay));
			this.pendingAttempt = this.scheduler.schedule(() -> attempt(gen, attempt), delay, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Describe a cause for the one log line of a drop or attempt: its type and message plus those of
	 * its root cause (a transport's close code often sits there), escaped and capped.
	 */
	private static String describe(Throwable cause) {
		Throwable root = cause;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String text = (root == cause) ? cause.toString() : cause + " (caused by " + root + ")";
		return LogSanitizer.sanitize(text, MAX_LOGGED_CAUSE);
	}

	private void giveUp(int gen, Throwable cause, String what, String why) {
		CompletableFuture<Void> future;
		synchronized (this.monitor) {
			if (gen != this.generation) {
				return;
			}
			setState(ConnectionState.FAILED);
			future = this.connectFuture;
		}
		this.logger.error("Client '" + this.name + "' " + what + ": " + describe(cause)
				+ "; gave up (" + why + ")");
		fire(ConnectionEventType.ERROR, 0, cause, Map.of("gaveUp", true));
		if (future != null) {
			future.completeExceptionally(cause);
		}
	}

	private void setState(ConnectionState newState) {
		this.state.set(newState);
	}

	/**
	 * Report an error that does not end the connection (a malformed frame, a refused request).
	 * @param error the error
	 */
	protected void reportError(Throwable error) {
		this.lastError = error;
		fire(ConnectionEventType.ERROR, 0, error, Map.of());
	}

	/**
	 * Emit a connection event to listeners and the application context, on the event thread.
	 * @param type the type
	 * @param attempt the attempt number
	 * @param cause the cause
	 * @param details the details
	 */
	protected void fire(ConnectionEventType type, int attempt, @Nullable Throwable cause, Map<String, Object> details) {
		boolean error = (type == ConnectionEventType.ERROR);
		if (error && this.pendingErrorEvents.incrementAndGet() > MAX_PENDING_ERROR_EVENTS) {
			this.pendingErrorEvents.decrementAndGet();
			long dropped = this.droppedErrorEvents.incrementAndGet();
			this.droppedErrorEventsLog.warn(() -> "Client '" + this.name + "' dropped an ERROR connection event: "
					+ MAX_PENDING_ERROR_EVENTS + " are waiting for slow connection listeners (" + dropped
					+ " dropped so far)");
			return;
		}
		ConnectionEvent event = ConnectionEvent.of(this.name, type, state(), attempt, cause, details);
		try {
			this.eventExecutor.execute(() -> {
				try {
					deliver(event);
				}
				finally {
					if (error) {
						this.pendingErrorEvents.decrementAndGet();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			if (error) {
				this.pendingErrorEvents.decrementAndGet();
			}
			this.logger.debug("Client '" + this.name + "' is shut down; event " + type + " not delivered");
		}
	}

	/**
	 * Return how many {@code ERROR} connection events were dropped because
	 * {@link #MAX_PENDING_ERROR_EVENTS} were already waiting for the event thread.
	 * @return the exact count since the client was created
	 */
	public long droppedErrorEvents() {
		return this.droppedErrorEvents.get();
	}

	private void deliver(ConnectionEvent event) {
		for (ConnectionListener listener : this.connectionListeners) {
			try {
				listener.onConnectionEvent(event);
			}
			catch (RuntimeException ex) {
				this.logger.warn("Connection listener of client '" + this.name + "' failed", ex);
			}
		}
		ApplicationEventPublisher publisher = this.eventPublisher;
		if (publisher != null) {
			try {
				publisher.publishEvent(new PubSubConnectionApplicationEvent(this, event));
			}
			catch (RuntimeException ex) {
				this.logger.warn("Application event listener failed for client '" + this.name + "'", ex);
			}
		}
	}

	@Override
	public Subscription subscribe(String pattern, PubSubMessageHandler handler, SubscribeOptions options) {
		return subscribe(List.of(pattern), handler, options);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * Each distinct pattern is validated and compiled, and {@link #onSubscribe(String, SubscribeOptions)}
	 * is called for it, so the remote subscriptions are reference-counted per pattern exactly as for
	 * single-pattern subscriptions.
	 */
	@Override
	public Subscription subscribe(Collection<String> patterns, PubSubMessageHandler handler,
			SubscribeOptions options) {
		List<String> distinct = List.copyOf(new LinkedHashSet<>(patterns));
		Assert.isTrue(!distinct.isEmpty(), "at least one pattern is required");
		List<Predicate<String>> matchers = new ArrayList<>(distinct.size());
		for (String pattern : distinct) {
			validatePattern(pattern);
			matchers.add(compilePattern(pattern));
		}
		DispatchingSubscription subscription = new DispatchingSubscription(this.name, distinct, matchers, handler,
				inboundOptions(options), this.metrics, this.logger, this::release, this.inboundBudget);
		this.subscriptions.add(subscription);
		List<String> subscribed = new ArrayList<>(distinct.size());
		try {
			for (String pattern : distinct) {
				onSubscribe(pattern, options);
				subscribed.add(pattern);
			}
		}
		catch (RuntimeException ex) {
			this.subscriptions.remove(subscription);
			subscribed.forEach((pattern) -> onUnsubscribe(pattern, options));
			subscription.stop(Duration.ZERO);
			throw ex;
		}
		return subscription;
	}

	private SubscribeOptions inboundOptions(SubscribeOptions options) {
		if (options.overflowPolicy() != OverflowPolicy.BLOCK || inboundThreadMayWait()) {
			return options;
		}
		return options.withOverflowPolicy(OverflowPolicy.DROP_NEWEST);
	}

	/**
	 * Whether the thread that calls {@link #dispatch(PubSubMessage)} may wait for room in the inbound
	 * budget ({@link OverflowPolicy#BLOCK}). Providers whose inbound thread serves more than their own
	 * connection return {@code false}; their subscriptions then drop the newest message instead
	 * (counted and logged), as {@code docs/design.md} explains per provider.
	 * @return {@code true} by default
	 */
	protected boolean inboundThreadMayWait() {
		return true;
	}

	/**
	 * Return the client's inbound byte budget, shared by all its subscriptions.
	 * @return the budget
	 */
	public InboundBudget inboundBudget() {
		return this.inboundBudget;
	}

	/**
	 * Set the bytes all queued and in-flight inbound messages of this client may take together (the
	 * message-count capacity of each subscription stays a second bound).
	 * @param maxBytes the budget in bytes
	 */
	public void setInboundMaxBufferedBytes(long maxBytes) {
		this.inboundBudget.setMaxBytes(maxBytes);
	}

	/**
	 * Whether the client's network reading is paused now because the inbound budget or a lane is full.
	 * Liveness checks that need an answer read on the same connection (pings) should not count the
	 * time spent paused.
	 * @return {@code true} while a dispatching thread waits for room
	 */
	protected boolean isInboundPaused() {
		return this.inboundBudget.isBackPressured();
	}

	private void release(DispatchingSubscription subscription) {
		if (!this.subscriptions.remove(subscription)) {
			return;
		}
		for (String pattern : subscription.patterns()) {
			try {
				onUnsubscribe(pattern, subscription.options());
			}
			catch (RuntimeException ex) {
				this.logger.warn("Client '" + this.name + "' could not release the remote subscription of '"
						+ LogSanitizer.sanitize(pattern) + "': " + LogSanitizer.sanitize(ex.toString()));
			}
		}
	}

	/**
	 * Hand a decoded message to every subscription whose pattern matches its routing key.
	 * @param message the message
	 */
	protected void dispatch(PubSubMessage message) {
		this.metrics.messageReceived();
		boolean routed = false;
		for (DispatchingSubscription subscription : this.subscriptions) {
			if (subscription.matches(message.routingKey())) {
				routed = true;
				subscription.offer(message);
			}
		}
		if (!routed) {
			this.metrics.messageUnrouted();
		}
	}

	/**
	 * Return the active local subscriptions; each may carry several patterns.
	 * @return the subscriptions
	 */
	protected List<DispatchingSubscription> subscriptions() {
		return this.subscriptions;
	}

	/**
	 * Establish a session: open the connection, complete any handshake, restore remote
	 * subscriptions. Called on the client's timer thread.
	 * @return a future completed when the session is ready
	 */
	protected abstract CompletableFuture<Void> doConnect();

	/**
	 * Close the connection, if any. Must not call {@link #connectionLost(Throwable)}.
	 */
	protected abstract void doDisconnect();

	/**
	 * Compile a pattern into a routing-key matcher.
	 * @param pattern the pattern
	 * @return the matcher
	 */
	protected abstract Predicate<String> compilePattern(String pattern);

	/**
	 * Called for each distinct pattern of a local subscription after it is added; providers
	 * subscribe remotely here, counting references per pattern (a pattern may be held by several
	 * subscriptions).
	 * @param pattern the pattern
	 * @param options the options
	 */
	protected void onSubscribe(String pattern, SubscribeOptions options) {
	}

	/**
	 * Called for each distinct pattern of a local subscription after it is cancelled (it is no
	 * longer in {@link #subscriptions()}); providers unsubscribe remotely here when no other
	 * subscription needs the topic.
	 * @param pattern the pattern
	 * @param options the options
	 */
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
	}

	/**
	 * Called when the connection is lost or closed; fail pending waiters here.
	 * @param cause the cause
	 */
	protected void onConnectionLost(Throwable cause) {
	}

	/**
	 * Whether a failed connection attempt should not be retried (a refused credential).
	 * @param cause the failure
	 * @return {@code true} to stop retrying
	 */
	protected boolean isPermanentFailure(Throwable cause) {
		return false;
	}

	/**
	 * Provider details added to the {@code CONNECTED} event.
	 * @return the details
	 */
	protected Map<String, Object> connectionDetails() {
		return Map.of();
	}

	@Override
	public void start() {
		if (this.autoConnect) {
			connect();
		}
	}

	@Override
	public void stop() {
		disconnect();
	}

	@Override
	public boolean isRunning() {
		return !this.userDisconnected;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Disconnect, stop every subscription still active (each drains its queue within its shutdown
	 * timeout; the remainder is counted and logged), then stop the client's own threads.
	 */
	@Override
	public void destroy() {
		disconnect();
		List<CompletableFuture<Integer>> stopped = new ArrayList<>();
		for (DispatchingSubscription subscription : this.subscriptions) {
			stopped.add(subscription.stop(subscription.options().shutdownTimeout()));
		}
		try {
			CompletableFuture.allOf(stopped.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			this.logger.debug("Error while stopping the subscriptions of client '" + this.name + "'", ex);
		}
		this.scheduler.shutdownNow();
		this.eventExecutor.shutdown();
		this.callbackExecutor.shutdown();
	}

}
