package dev.pubsub.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.DispatchingSubscription;
import dev.pubsub.core.support.Failures;

/**
 * The {@link HttpPubSubClient} on the JDK {@link HttpClient}.
 * <p>
 * Connecting sets the broadcaster's subscriptions for this client's receive URL to the local
 * subscriptions (set_subscriptions); a task compares them every {@code resync-interval} by strong
 * etag (check_subscriptions) and sets them again when they differ, so a broadcaster that lost its
 * store gets them back. An unreachable broadcaster is reported as a lost connection, and the
 * reconnect (which sets the subscriptions again) follows the reconnect policy.
 * <p>
 * The requests are made by {@link HttpPubSubRequests} over the {@link HttpPubSubTransport}, the
 * set/check cycle is {@link HttpPubSubSubscriptionSync}, the receive and recover endpoints are
 * handled by {@link HttpPubSubInbound}, and what this client shares with the
 * {@link WebsocketHttpPubSubClient} is in {@link HttpPubSubClientSupport}. A publish observed by
 * Micrometer carries its trace-propagation fields in the {@code tracing} field
 * ({@link HttpPubSubTracing}); a received message exposes them as
 * {@link dev.pubsub.core.PubSubHeaders#TRACING}.
 */
public class DefaultHttpPubSubClient extends AbstractPubSubClient implements HttpPubSubClient {

	/** Header with the hex SHA-512 of a received message. */
	public static final String SHA512_HEADER = "httppubsub_sha512";

	private static final HexFormat HEX = HexFormat.of();

	private final HttpPubSubSettings settings;

	private final HttpPubSubTransport transport;

	private final HttpPubSubInbound inbound;

	private final HttpPubSubRequests requests;

	private final HttpPubSubClientSupport support;

	private final SecureRandom random = new SecureRandom();

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
		HttpClient.Builder httpClientBuilder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(requestTimeout)
			.followRedirects(HttpClient.Redirect.NEVER);
		if (settings.sslContext() != null) {
			httpClientBuilder.sslContext(settings.sslContext());
		}
		HttpClient httpClient = httpClientBuilder.build();
		this.transport = new HttpPubSubTransport(httpClient, settings.broadcasters(), settings.retries(),
				settings.retryBackoff(), scheduler());
		this.requests = new HttpPubSubRequests(settings, this.transport, this::receiveUrl, this::recoveryUrl,
				requestTimeout);
		this.support = new HttpPubSubClientSupport(name, jsonMapper, this.logger);
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

	@Override
	public boolean supportsReplies() {
		return false;
	}

	@Override
	public void setApplicationEventPublisher(ApplicationEventPublisher applicationEventPublisher) {
		super.setApplicationEventPublisher(applicationEventPublisher);
		this.support.setApplicationEventPublisher(applicationEventPublisher);
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
		this.sync.changed();
		if (state() != ConnectionState.CONNECTED || countLocal(pattern) > 1) {
			return;
		}
		this.requests.subscription(pattern, true).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.logger.warn("Client '" + name() + "' could not subscribe to '" + pattern + "': " + Failures.unwrap(ex));
				failed(Failures.unwrap(ex));
			}
		});
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		this.sync.changed();
		if (state() != ConnectionState.CONNECTED || countLocal(pattern) > 0) {
			return;
		}
		this.requests.subscription(pattern, false).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.logger.warn("Client '" + name() + "' could not unsubscribe from '" + pattern + "': " + Failures.unwrap(ex));
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
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		byte[] data = this.support.encode(payload);
		byte[] identifier = identifier();
		return send(topic.getBytes(StandardCharsets.UTF_8), BodyPublishers.ofByteArray(data), data.length,
				HttpPubSubProtocol.sha512(data), identifier,
				(options.timeout() != null) ? options.timeout() : this.settings.notifyTimeout())
			.thenApply((notified) -> new PublishReceipt(name(), topic, HEX.formatHex(identifier), true, notified,
					java.time.Instant.now()));
	}

	@Override
	public CompletableFuture<Long> notify(String topic, byte[] data) {
		return send(topic.getBytes(StandardCharsets.UTF_8), BodyPublishers.ofByteArray(data), data.length,
				HttpPubSubProtocol.sha512(data), identifier(), this.settings.notifyTimeout());
	}

	@Override
	public CompletableFuture<Long> notify(String topic, Object payload) {
		return notify(topic, this.support.encode(payload));
	}

	@Override
	public CompletableFuture<Long> notify(byte[] topic, Path file) {
		try {
			long length = Files.size(file);
			return send(topic, BodyPublishers.ofFile(file), length, HttpPubSubClientSupport.sha512(file), identifier(),
					this.settings.notifyTimeout());
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(new UncheckedIOException("Cannot read " + file, ex));
		}
	}

	@Override
	public CompletableFuture<Long> notify(byte[] topic, Supplier<InputStream> data, long length, byte[] sha512) {
		return send(topic, BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(data), length), length, sha512,
				identifier(), this.settings.notifyTimeout());
	}

	/** Notify, with the propagation fields of the observed publish running on this thread. */
	private CompletableFuture<Long> send(byte[] topic, BodyPublisher message, long length, byte[] sha512,
			byte[] identifier, Duration timeout) {
		byte[] tracing;
		try {
			tracing = this.support.publishTracing();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.requests.notify(topic, message, length, sha512, identifier, tracing, timeout)
			.thenApply((notified) -> {
				metrics().messagePublished();
				return notified;
			});
	}

	private byte[] identifier() {
		byte[] identifier = new byte[4];
		this.random.nextBytes(identifier);
		return identifier;
	}

	// ---- inbound ------------------------------------------------------------------------------

	/**
	 * Handle the broadcaster's receive request (called by the receive endpoint).
	 * @param authorization the {@code Authorization} header
	 * @param reprDigest the {@code Repr-Digest} header
	 * @param contentType the {@code Content-Type} header
	 * @param body the body
	 * @return the response to send
	 */
	public InboundResponse handleReceive(@Nullable String authorization, @Nullable String reprDigest,
			@Nullable String contentType, InputStream body) {
		return this.inbound.receive(receiveUrl(), authorization, reprDigest, contentType, body, this::deliver);
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

	private boolean deliver(HttpPubSubInbound.ReceivedMessage received) {
		String topic = HttpPubSubClientSupport.decodeTopic(received.topic());
		boolean matched = false;
		for (DispatchingSubscription subscription : subscriptions()) {
			if (subscription.matches(topic)) {
				matched = true;
				break;
			}
		}
		if (!matched) {
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
