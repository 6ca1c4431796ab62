package dev.pubsub.realtimex;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.util.Assert;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.RemoteSubscriptionStatus;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.core.support.AbstractWebSocketPubSubClient;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * {@link RealtimeXClient} on a websocket-only Socket.IO v5 / Engine.IO v4 codec over Spring
 * WebSocket.
 * <p>
 * Network threads only decode frames, answer Engine.IO pings and update subscription state;
 * bindings run on one callback thread per client (in arrival order) and {@code @PubSubListener}
 * handlers on the dispatchers of {@link AbstractPubSubClient}. Channels are held through the shared
 * {@link dev.pubsub.core.support.RemoteSubscriptionRegistry}: on every (re)connect each private or
 * presence channel is authorised again for the new socket id and re-subscribed (nothing is sent
 * while disconnected); a channel is held once the server confirmed it; a refused or unanswered one
 * is reported (events, {@link #unheldSubscriptions()}) and retried with the reconnect back-off.
 * Frames are read in small parts and joined up to {@link #setMaxFrameSize(long) max-frame-size}; a
 * larger one is discarded, counted as malformed and reported; the session stays open.
 * {@code private-encrypted-*} channels are refused (no end-to-end encryption).
 * <p>
 * Collaborators: {@link EngineIoSession} (one connection), {@link RealtimeXSubscriptions} (channel
 * objects, holds, reporting), {@link RealtimeXRemoteChannels} and {@link RealtimeXChannelSubscriber}
 * (the registry; subscribe with auth per session), {@link RealtimeXPresence}, {@link RealtimeXInbound}
 * (event routing) and {@link RealtimeXCallbacks} (bindings on the callback thread).
 */
public class DefaultRealtimeXClient extends AbstractWebSocketPubSubClient implements RealtimeXClient, RemoteSubscriptionStatus {

	/** Default of {@link #setMaxFrameSize(long)}: 1 MiB. */
	public static final long DEFAULT_MAX_FRAME_SIZE = 1024 * 1024;

	private final URI uri;

	private final WebSocketClient webSocketClient;

	private final Duration connectTimeout;

	private final ExecutorService authExecutor;

	private final RealtimeXCallbacks callbacks;

	private final RealtimeXSubscriptions subscriptions;

	private final RealtimeXRemoteChannels remoteChannels;

	private final RealtimeXInbound inbound;

	private final EngineIoSession.Listener sessionListener = new SessionListener();

	private final RateLimitedLog frameWarnings = new RateLimitedLog(this.logger);

	private volatile long maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

	private volatile @Nullable EngineIoSession session;

	/**
	 * Create a client.
	 * @param name the client name
	 * @param jsonMapper the shared mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout timeout of auth requests, subscription confirmations and pings
	 * @param connectTimeout timeout of one connection attempt, handshake included
	 * @param uri the websocket URI, for example from {@link #uri(String, int, boolean, String, String)}
	 * @param authorizer the authorizer for private and presence channels, or {@code null}
	 * @param webSocketClient the websocket client
	 */
	public DefaultRealtimeXClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration requestTimeout, Duration connectTimeout, URI uri, @Nullable RealtimeXAuthorizer authorizer,
			WebSocketClient webSocketClient) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.uri = uri;
		this.connectTimeout = connectTimeout;
		this.webSocketClient = webSocketClient;
		this.callbacks = new RealtimeXCallbacks(name, serialExecutor("callbacks"), metrics(), this.logger);
		this.authExecutor = pooledExecutor("auth");
		this.remoteChannels = new RealtimeXRemoteChannels(name, new ConcurrentTaskScheduler(scheduler()),
				reconnectPolicy, this.logger);
		this.subscriptions = new RealtimeXSubscriptions(this, authorizer, this.remoteChannels, this.callbacks,
				() -> this.session, (error, details) -> fire(ConnectionEventType.ERROR, 0, error, details), this.logger);
		this.inbound = new RealtimeXInbound(name, jsonMapper, this.subscriptions, this.callbacks, metrics(),
				this::dispatch, this.frameWarnings);
		addConnectionListener((event) -> this.callbacks.emitConnection(event, jsonMapper));
	}

	/**
	 * Build the websocket URI of a RealtimeX server:
	 * {@code ws[s]://host:port<path>?api_key=<key>&EIO=4&transport=websocket}.
	 * @param host the host
	 * @param port the port
	 * @param encrypted whether to use TLS
	 * @param path the Socket.IO path, usually {@code /socket.io/}
	 * @param apiKey the api key, or {@code null}
	 * @return the URI
	 */
	public static URI uri(String host, int port, boolean encrypted, String path, @Nullable String apiKey) {
		return SocketIoCodec.uri(host, port, encrypted, path, apiKey);
	}

	/**
	 * Set the largest inbound frame accepted, in UTF-8 bytes. Frames are read with small container
	 * buffers and joined part by part up to this size (nothing is allocated at the limit up front);
	 * a larger frame is discarded, counted as malformed and reported as an {@code ERROR} event, and
	 * the session stays open. Applies from the next connection.
	 * @param maxFrameSize the limit in bytes, positive
	 */
	public void setMaxFrameSize(long maxFrameSize) {
		Assert.isTrue(maxFrameSize > 0, "maxFrameSize must be positive");
		this.maxFrameSize = maxFrameSize;
	}

	/**
	 * Return the largest inbound frame accepted, in UTF-8 bytes.
	 * @return the limit
	 */
	public long getMaxFrameSize() {
		return this.maxFrameSize;
	}

	@Override
	public String type() {
		return TYPE;
	}

	@Override
	public @Nullable String socketId() {
		EngineIoSession current = this.session;
		return (current != null && isConnected()) ? current.socketId() : null;
	}

	/**
	 * Return how many frames of the current session were joined from more than one part.
	 * @return the count, {@code 0} when not connected
	 */
	long framesJoinedFromParts() {
		EngineIoSession current = this.session;
		return (current != null) ? current.framesJoinedFromParts() : 0;
	}

	// Channels

	@Override
	public RealtimeXChannel subscribe(String channelName) {
		return this.subscriptions.obtain(channelName, true);
	}

	@Override
	public void unsubscribe(String channelName) {
		this.subscriptions.unsubscribe(channelName);
	}

	@Override
	public @Nullable RealtimeXChannel channel(String channelName) {
		return this.subscriptions.get(channelName);
	}

	@Override
	public Map<String, RealtimeXChannel> channels() {
		return this.subscriptions.snapshot();
	}

	@Override
	public Map<String, String> unheldSubscriptions() {
		return isConnected() ? this.remoteChannels.unheld() : Map.of();
	}

	void sendClientEvent(String channelName, String event, @Nullable Object data) {
		this.subscriptions.sendClientEvent(channelName, event, data);
		metrics().messagePublished();
	}

	// PubSubClient

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		try {
			String event = options.messageType();
			Assert.isTrue(event != null, "RealtimeX publish needs PublishOptions.messageType, the client-* event name");
			DefaultRealtimeXChannel channel = this.subscriptions.get(topic);
			if (channel == null) {
				throw new IllegalStateException("Channel '" + topic + "' is not subscribed");
			}
			channel.trigger(event, payload);
			return CompletableFuture.completedFuture(PublishReceipt.written(name(), topic, null));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	@Override
	public CompletableFuture<JsonNode> ping() {
		return this.inbound.ping(this.session, defaultTimeout());
	}

	@Override
	public void bind(String event, RealtimeXEventHandler handler) {
		this.callbacks.connectionBindings().bind(event, handler);
	}

	@Override
	public void unbind(String event, @Nullable RealtimeXEventHandler handler) {
		this.callbacks.connectionBindings().unbind(event, handler);
	}

	@Override
	public void validatePattern(String pattern) {
		super.validatePattern(pattern);
		if (!"**".equals(pattern) && pattern.indexOf('.') < 0) {
			throw new IllegalArgumentException("RealtimeX routing keys are 'channel.event'; pattern '" + pattern
					+ "' has no '.' (use '" + pattern + ".*' for every event of a channel)");
		}
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return TopicPattern.compile(pattern, '.')::matches;
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		String channel = RealtimeXSubscriptions.channelOf(pattern);
		if (options.remoteSubscribe() && channel != null) {
			this.subscriptions.obtain(channel, false);
		}
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		String channelName = RealtimeXSubscriptions.channelOf(pattern);
		if (options.remoteSubscribe() && channelName != null) {
			this.subscriptions.release(channelName);
		}
	}

	// Connection

	@Override
	protected CompletableFuture<Void> doConnect() {
		EngineIoSession newSession = new EngineIoSession(name(), jsonMapper(), scheduler(), this.maxFrameSize,
				webSocketSendLimits(), this.sessionListener);
		this.session = newSession;
		return newSession.open(this.webSocketClient, this.uri, this.connectTimeout, safeUri())
			.handle((socketId, ex) -> {
				if (ex != null) {
					newSession.close(false);
					Throwable cause = Failures.unwrap(ex);
					throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
				}
				if (this.session == newSession) {
					this.remoteChannels.attach(new RealtimeXChannelSubscriber(newSession, this.subscriptions,
							this.authExecutor, scheduler(), defaultTimeout()));
				}
				return null;
			});
	}

	@Override
	protected void doDisconnect() {
		EngineIoSession current = this.session;
		this.session = null;
		this.remoteChannels.detach();
		if (current != null) {
			current.close(true);
		}
	}

	@Override
	public void disconnect() {
		super.disconnect();
		this.subscriptions.closeAll(new PubSubNotConnectedException("Client '" + name() + "' was disconnected"));
	}

	@Override
	protected void onConnectionLost(Throwable cause) {
		this.remoteChannels.detach();
		this.subscriptions.connectionLost();
		this.inbound.failPendingPings(cause);
	}

	@Override
	protected boolean isPermanentFailure(Throwable cause) {
		return Failures.isAuthenticationFailure(cause);
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		EngineIoSession current = this.session;
		String socketId = (current != null) ? current.socketId() : null;
		return (socketId != null) ? Map.of("socketId", socketId) : Map.of();
	}

	@Override
	public void destroy() {
		super.destroy();
		this.callbacks.shutdown();
		this.authExecutor.shutdownNow();
	}

	private String safeUri() {
		return this.uri.getScheme() + "://" + this.uri.getHost() + ":" + this.uri.getPort() + this.uri.getPath();
	}

	/**
	 * What the current session reports.
	 */
	private final class SessionListener implements EngineIoSession.Listener {

		@Override
		public void onEvent(EngineIoSession session, String name, JsonNode payload) {
			DefaultRealtimeXClient.this.inbound.onEvent(session, name, payload);
		}

		@Override
		public void onMalformed(@Nullable String reason, long frameLength) {
			DefaultRealtimeXClient.this.inbound.malformed(reason, frameLength);
		}

		@Override
		public void onOversized(PubSubProtocolException error) {
			metrics().malformedFrame();
			DefaultRealtimeXClient.this.frameWarnings.warn(() -> "Client '" + name() + "': " + error.getMessage());
			reportError(error);
		}

		@Override
		public void onRefused(PubSubAuthenticationException refused) {
			reportError(refused);
		}

		@Override
		public void onLost(EngineIoSession session, Throwable cause) {
			if (DefaultRealtimeXClient.this.session == session) {
				connectionLost(cause);
			}
		}

		@Override
		public boolean isInboundPaused() {
			return DefaultRealtimeXClient.this.isInboundPaused();
		}

	}

}
