package dev.pubsub.core.support;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionListener;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
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
 * <p>
 * The jobs sit in package-private collaborators: {@code ReconnectDriver} (state, connect with retries,
 * reconnect with backoff and the stability window), {@code ConnectionEventPublisher} (connection
 * events, bounded {@code ERROR} backlog), {@code LocalSubscriptions} (local subscriptions, dispatch,
 * inbound byte budget) and {@code ClientExecutors} (the client's threads, from Spring's task
 * executors; the API over them, executors for providers and thread settings, is declared in the
 * package-private base class {@code ClientThreadsSupport}; the hooks a provider implements or overrides,
 * {@code doConnect()}, {@code compilePattern(String)}, {@code onSubscribe(...)} and the rest, are declared in
 * the package-private base class {@code ProviderHooksSupport}). This class wires them and keeps the API
 * providers build on. The collaborators never see this class: they reach the provider's hooks only
 * through the callbacks it passes in ({@code ReconnectTarget}, {@code SubscriptionHooks}).
 */
public abstract class AbstractPubSubClient extends ProviderHooksSupport
		implements PubSubClient, SmartLifecycle, ApplicationEventPublisherAware, DisposableBean {

	/** The lifecycle phase of clients: before the listener registry, which binds to them. */
	public static final int PHASE = Integer.MAX_VALUE - 2000;

	/**
	 * How many {@code ERROR} connection events may wait for the event thread at once. A peer that
	 * sends bad frames faster than the connection listeners handle their events would otherwise
	 * grow the event queue without bound; events over this are dropped and counted
	 * ({@link #droppedErrorEvents()}). Other event types are never dropped: their number is bounded
	 * by the connection's state changes.
	 */
	public static final int MAX_PENDING_ERROR_EVENTS = ConnectionEventPublisher.MAX_PENDING_ERROR_EVENTS;

	/** The default of {@link #setCallbackThreads(int)}. */
	public static final int DEFAULT_CALLBACK_THREADS = ClientExecutors.DEFAULT_CALLBACK_THREADS;

	protected final Log logger = LogFactory.getLog(getClass());

	private final String name;

	private final JsonMapper jsonMapper;

	private final ReconnectPolicy reconnectPolicy;

	private final Duration defaultTimeout;

	private final PubSubClientMetrics metrics = new PubSubClientMetrics();

	private final ConnectionEventPublisher events;

	private final ReconnectDriver reconnect;

	private final LocalSubscriptions subscriptions;

	private volatile boolean autoConnect = true;

	private volatile PublishObserver publishObserver = PublishObserver.NONE;

	protected AbstractPubSubClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration defaultTimeout) {
		super(name);
		this.name = name;
		this.jsonMapper = jsonMapper;
		this.reconnectPolicy = reconnectPolicy;
		this.defaultTimeout = defaultTimeout;
		this.events = new ConnectionEventPublisher(this, name, this.logger, this::state,
				this.executors.events());
		ReconnectTarget transport = new ReconnectTarget(this::doConnect, this::doDisconnect, this::onConnectionLost,
				this::isPermanentFailure, this::connectionDetails);
		this.reconnect = new ReconnectDriver(name, reconnectPolicy, transport, this.events, this.executors,
				this.metrics, this.logger);
		SubscriptionHooks hooks = new SubscriptionHooks((pattern) -> {
			validatePattern(pattern);
			return compilePattern(pattern);
		}, this::onSubscribe, this::onUnsubscribe, this::inboundThreadMayWait);
		this.subscriptions = new LocalSubscriptions(name, this.metrics, this.logger, hooks);
	}

	@Override
	public final String name() {
		return this.name;
	}

	@Override
	public ConnectionState state() {
		return this.reconnect.state();
	}

	@Override
	public PubSubClientMetrics metrics() {
		return this.metrics;
	}

	@Override
	public @Nullable Throwable lastError() {
		return this.reconnect.lastError();
	}

	/**
	 * Return the JSON mapper the client reads and writes payloads with.
	 * @return the mapper
	 */
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

	/**
	 * Return the policy for connection attempts after a failure or a drop.
	 * @return the policy
	 */
	public ReconnectPolicy reconnectPolicy() {
		return this.reconnectPolicy;
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
		this.events.setApplicationEventPublisher(applicationEventPublisher);
	}

	/**
	 * Publish an application event of the provider's own (besides the connection events, which this
	 * class publishes), through the context's publisher once it is set; before that it is not published.
	 * Called on the thread that should run the context's listeners.
	 * @param event the event
	 */
	protected final void publishApplicationEvent(Object event) {
		this.events.publishApplicationEvent(event);
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * {@code false} here: a provider whose messages carry what a reply needs overrides it.
	 */
	@Override
	public boolean supportsReplies() {
		return false;
	}

	@Override
	public void addConnectionListener(ConnectionListener listener) {
		this.events.addListener(listener);
	}

	@Override
	public void removeConnectionListener(ConnectionListener listener) {
		this.events.removeListener(listener);
	}

	@Override
	public CompletableFuture<Void> connect() {
		return this.reconnect.connect();
	}

	@Override
	public void disconnect() {
		this.reconnect.disconnect();
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
		this.reconnect.connectionLost(cause);
	}

	/**
	 * Report an error that does not end the connection (a malformed frame, a refused request).
	 * @param error the error
	 */
	protected void reportError(Throwable error) {
		this.reconnect.recordError(error);
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
		this.events.fire(type, attempt, cause, details);
	}

	/**
	 * Return how many {@code ERROR} connection events were dropped because
	 * {@link #MAX_PENDING_ERROR_EVENTS} were already waiting for the event thread.
	 * @return the exact count since the client was created
	 */
	public long droppedErrorEvents() {
		return this.events.droppedErrorEvents();
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
		return this.subscriptions.subscribe(patterns, handler, options);
	}

	/**
	 * Return the client's inbound byte budget, shared by all its subscriptions.
	 * @return the budget
	 */
	public InboundBudget inboundBudget() {
		return this.subscriptions.inboundBudget();
	}

	/**
	 * Set the bytes all queued and in-flight inbound messages of this client may take together (the
	 * message-count capacity of each subscription stays a second bound).
	 * @param maxBytes the budget in bytes
	 */
	public void setInboundMaxBufferedBytes(long maxBytes) {
		inboundBudget().setMaxBytes(maxBytes);
	}

	/**
	 * Whether the client's network reading is paused now because the inbound budget or a lane is full.
	 * Liveness checks that need an answer read on the same connection (pings) should not count the
	 * time spent paused.
	 * @return {@code true} while a dispatching thread waits for room
	 */
	protected boolean isInboundPaused() {
		return inboundBudget().isBackPressured();
	}

	/**
	 * Hand a decoded message to every subscription whose pattern matches its routing key.
	 * @param message the message
	 */
	protected void dispatch(PubSubMessage message) {
		this.subscriptions.dispatch(message);
	}

	/**
	 * Return the active local subscriptions; each may carry several patterns.
	 * @return the subscriptions
	 */
	protected List<DispatchingSubscription> subscriptions() {
		return this.subscriptions.list();
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
		return this.reconnect.isRunning();
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
		this.subscriptions.stopAll();
		this.executors.shutdown();
	}

}
