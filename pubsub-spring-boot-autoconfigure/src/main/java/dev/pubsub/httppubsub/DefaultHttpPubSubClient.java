package dev.pubsub.httppubsub;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;


import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.Failures;

/**
 * The {@link HttpPubSubClient} on the JDK {@link java.net.http.HttpClient}.
 * <p>
 * Connecting sets the broadcaster's subscriptions for this client's receive URL to the local
 * subscriptions (set_subscriptions); a task compares them every {@code resync-interval} by strong
 * etag (check_subscriptions) and sets them again when they differ, so a broadcaster that lost its
 * store gets them back. An unreachable broadcaster is reported as a lost connection, and the
 * reconnect (which sets the subscriptions again) follows the reconnect policy.
 * <p>
 * The requests are made by {@link HttpPubSubRequests} over the {@link HttpPubSubTransport}, the
 * set/check cycle is {@link HttpPubSubSubscriptionSync}, notifications are made by
 * {@link HttpPubSubNotifier}, the receive and recover endpoints are
 * handled by {@link HttpPubSubInbound}, and what this client shares with the
 * {@link WebsocketHttpPubSubClient} is in {@link HttpPubSubClientSupport}. A publish observed by
 * Micrometer carries its trace-propagation fields in the {@code tracing} field
 * ({@link HttpPubSubTracing}); a received message exposes them as
 * {@link dev.pubsub.core.PubSubHeaders#TRACING}.
 * <p>
 * Exact topics are registered under the receive URL, each glob under a URL of its own, so that a
 * message matching several of the client's patterns is dispatched once, although the broadcaster
 * sends one copy per matching subscription ({@link HttpPubSubReceiveRoutes}).
 */
public class DefaultHttpPubSubClient extends AbstractPubSubClient implements HttpPubSubClient {

	/** Header with the hex SHA-512 of a received message. */
	public static final String SHA512_HEADER = "httppubsub_sha512";

	private final HttpPubSubSettings settings;

	private final HttpPubSubTransport transport;

	private final HttpPubSubInbound inbound;

	private final HttpPubSubRequests requests;

	private final HttpPubSubClientSupport support;

	private final HttpPubSubNotifier notifier;

	private final ExecutorService missedExecutor;

	private volatile @Nullable String resolvedReceiveUrl;

	private volatile @Nullable String resolvedRecoveryUrl;

	private final HttpPubSubSubscriptionSync sync;

	/**
	 * Create a client.
	 * @param name the client name
	 * @param jsonMapper the shared mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout the timeout of subscription requests
	 * @param settings the httppubsub settings
	 */
	public DefaultHttpPubSubClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration requestTimeout, HttpPubSubSettings settings) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.settings = settings;
		this.transport = new HttpPubSubTransport(HttpPubSubTransport.httpClient(settings, requestTimeout),
				settings.broadcasters(), settings.retries(), settings.retryBackoff(), scheduler());
		this.requests = new HttpPubSubRequests(settings, this.transport, this::receiveUrl, this::recoveryUrl,
				requestTimeout);
		this.support = new HttpPubSubClientSupport(name, jsonMapper, this.logger,
				this::publishApplicationEvent);
		this.notifier = new HttpPubSubNotifier(name, this.requests, this.support, settings.notifyTimeout(),
				() -> metrics().messagePublished());
		this.inbound = new HttpPubSubInbound(name, settings.toSubscriber(), settings.toBroadcaster(),
				settings.maxMessageSize());
		this.missedExecutor = serialExecutor("missed");
		this.sync = new HttpPubSubSubscriptionSync(name, this.logger, this::setSubscriptions, this::checkSubscriptions,
				() -> state() == ConnectionState.CONNECTED, this::failed, scheduler(), settings.resyncInterval());
		addConnectionListener(this.sync::onConnectionEvent);
	}

	@Override
	public String type() {
		return "httppubsub";
	}

	// ---- urls -------------------------------------------------------------------------------

	@Override
	public String receiveUrl() {
		String url = this.resolvedReceiveUrl;
		if (url == null) {
			url = this.settings.receiveUrl().get();
			this.resolvedReceiveUrl = url;
		}
		return url;
	}

	/**
	 * Return the URL the broadcaster delivers a pattern's messages to: the {@linkplain #receiveUrl()
	 * receive URL} for an exact topic, the receive URL with a {@code glob} query parameter for a glob.
	 * @param pattern the pattern
	 * @return the URL registered for it
	 */
	public String receiveUrl(String pattern) {
		return HttpPubSubReceiveRoutes.urlFor(receiveUrl(), pattern);
	}

	private @Nullable String recoveryUrl() {
		Supplier<String> supplier = this.settings.recoveryUrl();
		if (supplier == null) {
			return null;
		}
		String url = this.resolvedRecoveryUrl;
		if (url == null) {
			url = supplier.get();
			this.resolvedRecoveryUrl = url;
		}
		return url;
	}

	// ---- lifecycle --------------------------------------------------------------------------

	@Override
	protected CompletableFuture<Void> doConnect() {
		try {
			receiveUrl();
			recoveryUrl();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(
					new PubSubException("Cannot resolve the receive URL of client '" + name() + "': " + ex.getMessage(), ex));
		}
		return this.sync.connect();
	}

	@Override
	protected void doDisconnect() {
		this.sync.cancelResync();
	}

	@Override
	public void destroy() {
		super.destroy();
		this.missedExecutor.shutdown();
	}

	/**
	 * {@inheritDoc}
	 * <p>
	 * No: messages arrive on the web server's request threads, each holding its request body already,
	 * so waiting would hold one body per request beyond the budget and take threads the application's
	 * own HTTP traffic needs. A full budget drops the message instead (counted and logged).
	 */
	@Override
	protected boolean inboundThreadMayWait() {
		return false;
	}

	@Override
	protected boolean isPermanentFailure(Throwable cause) {
		return Failures.isAuthenticationFailure(cause);
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		return Map.of("receiveUrl", receiveUrl(), "broadcasters", this.settings.broadcasters().toString());
	}

	private void failed(Throwable cause) {
		if (cause instanceof PubSubConnectionLostException || cause instanceof dev.pubsub.core.PubSubTimeoutException) {
			connectionLost(cause);
		}
		else {
			reportError(cause);
		}
	}

	// ---- subscriptions ------------------------------------------------------------------------

	@Override
	public void validatePattern(String pattern) {
		this.support.validatePattern(pattern);
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return this.support.compilePattern(pattern);
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		changeRemote(pattern, true, 1);
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		changeRemote(pattern, false, 0);
	}

	/** (Un)subscribe remotely when connected and the pattern's local count says it is the first/last. */
	private void changeRemote(String pattern, boolean subscribe, long localCount) {
		this.sync.changed();
		if (state() != ConnectionState.CONNECTED || countLocal(pattern) > localCount) {
			return;
		}
		this.requests.subscription(pattern, subscribe).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.logger.warn("Client '" + name() + "' could not " + (subscribe ? "subscribe to '" : "unsubscribe from '")
						+ pattern + "': " + Failures.unwrap(ex));
				failed(Failures.unwrap(ex));
			}
		});
	}

	private long countLocal(String pattern) {
		return subscriptions().stream().filter((s) -> s.patterns().contains(pattern)).count();
	}

	private Set<String> localPatterns() {
		Set<String> patterns = new LinkedHashSet<>();
		subscriptions().forEach((s) -> patterns.addAll(s.patterns()));
		return patterns;
	}

	@Override
	public CompletableFuture<Boolean> checkSubscriptions() {
		return this.requests.checkSubscriptions(localPatterns());
	}

	@Override
	public CompletableFuture<Void> setSubscriptions() {
		return this.requests.setSubscriptions(localPatterns());
	}

	// ---- notify ------------------------------------------------------------------------------

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> this.notifier.publish(topic, payload, options));
	}

	@Override
	public CompletableFuture<Long> notify(String topic, byte[] data) {
		return this.notifier.notify(topic, data);
	}

	@Override
	public CompletableFuture<Long> notify(String topic, Object payload) {
		return notify(topic, this.support.encode(payload));
	}

	@Override
	public CompletableFuture<Long> notify(byte[] topic, Path file) {
		return this.notifier.notify(topic, file);
	}

	@Override
	public CompletableFuture<Long> notify(byte[] topic, Supplier<InputStream> data, long length, byte[] sha512) {
		return this.notifier.notify(topic, data, length, sha512);
	}

	// ---- inbound ------------------------------------------------------------------------------

	/**
	 * Handle the broadcaster's receive request to the receive URL itself (the copies for exact topics).
	 * @param authorization the {@code Authorization} header
	 * @param reprDigest the {@code Repr-Digest} header
	 * @param contentType the {@code Content-Type} header
	 * @param body the body
	 * @return the response to send
	 */
	public InboundResponse handleReceive(@Nullable String authorization, @Nullable String reprDigest,
			@Nullable String contentType, InputStream body) {
		return handleReceive(null, authorization, reprDigest, contentType, body);
	}

	/**
	 * Handle the broadcaster's receive request (called by the receive endpoint). Each glob is registered
	 * under the receive URL with a {@code glob} query parameter ({@link #receiveUrl(String)}), so that
	 * a message matching several patterns is dispatched once; pass that parameter's value.
	 * @param glob the request's {@code glob} query parameter, {@code null} without one
	 * @param authorization the {@code Authorization} header
	 * @param reprDigest the {@code Repr-Digest} header
	 * @param contentType the {@code Content-Type} header
	 * @param body the body
	 * @return the response to send
	 */
	public InboundResponse handleReceive(@Nullable String glob, @Nullable String authorization,
			@Nullable String reprDigest, @Nullable String contentType, InputStream body) {
		if (glob == null) {
			return this.inbound.receive(receiveUrl(), authorization, reprDigest, contentType, body,
					(received) -> deliver(received, null));
		}
		if (!HttpPubSubReceiveRoutes.isGlobId(glob)) {
			return InboundResponse.refuse(404);
		}
		return this.inbound.receive(HttpPubSubReceiveRoutes.globUrl(receiveUrl(), glob), authorization, reprDigest,
				contentType, body, (received) -> deliver(received, glob));
	}

	/**
	 * Handle the broadcaster's missed notice (called by the recover endpoint).
	 * @param authorization the {@code Authorization} header
	 * @param contentType the {@code Content-Type} header
	 * @param body the body
	 * @return the response to send
	 */
	public InboundResponse handleMissed(@Nullable String authorization, @Nullable String contentType,
			InputStream body) {
		String recovery = recoveryUrl();
		if (recovery == null) {
			return InboundResponse.refuse(404);
		}
		return this.inbound.missed(recovery, authorization, contentType, body, this::missed);
	}

	/**
	 * Return the counters of the receive and recover endpoints.
	 * @return the metrics
	 */
	public HttpPubSubInboundMetrics inboundMetrics() {
		return this.inbound.metrics();
	}

	/**
	 * Dispatch a verified copy, once per message however many patterns match it
	 * ({@link HttpPubSubReceiveRoutes}).
	 * @return whether the client wants the subscription it came for (else UNSUBSCRIBE_IMMEDIATE)
	 */
	private boolean deliver(HttpPubSubInbound.ReceivedMessage received, @Nullable String globId) {
		String topic = HttpPubSubClientSupport.decodeTopic(received.topic());
		if (globId != null) {
			Set<String> patterns = localPatterns();
			String glob = HttpPubSubReceiveRoutes.globFor(globId, patterns);
			if (glob == null) {
				return false;
			}
			if (!HttpPubSubReceiveRoutes.isDesignated(glob, topic, patterns, this::compilePattern)) {
				return true;
			}
		}
		else if (subscriptions().stream().noneMatch((subscription) -> subscription.matches(topic))) {
			return false;
		}
		dispatch(this.support.message(topic, received.identifier(), received.data(), received.sha512(),
				received.tracing()));
		return true;
	}

	private void missed(byte[] topic) {
		this.support.missed(this, topic, this.missedExecutor);
	}

	@Override
	public void addMissedListener(HttpPubSubMissedListener listener) {
		this.support.addMissedListener(listener);
	}

	@Override
	public void removeMissedListener(HttpPubSubMissedListener listener) {
		this.support.removeMissedListener(listener);
	}

}
