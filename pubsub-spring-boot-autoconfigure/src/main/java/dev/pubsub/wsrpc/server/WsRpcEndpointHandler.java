package dev.pubsub.wsrpc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.SessionLimitExceededException;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.wsrpc.WsRpcChannel;
import dev.pubsub.wsrpc.WsRpcCodec;
import dev.pubsub.wsrpc.WsRpcFrame;
import dev.pubsub.wsrpc.WsRpcMethod;
import dev.pubsub.wsrpc.WsRpcResult;

/**
 * A fastapi_websocket_pubsub endpoint as a Spring {@code WebSocketHandler}: each session gets a
 * {@link WsRpcChannel} exposing {@code subscribe}, {@code unsubscribe}, {@code publish} and
 * {@code ping} (plus {@code _ping_} and {@code _get_channel_id_}), and is a subscriber of the
 * shared {@link WsRpcEventNotifier} under its channel id.
 * <p>
 * Requests are handled in order without blocking the session's reader: a {@code sync} publish
 * answers once every subscriber acknowledged its {@code notify} (or the notify timeout passed),
 * so a client may sync-publish to a topic it is subscribed to without deadlock. Outbound frames go
 * through a {@link ConcurrentWebSocketSessionDecorator} per session: a session whose queue exceeds
 * the buffer limit or whose send stalls longer than the time limit is closed and counted as a slow
 * consumer, and other sessions are not held up. Bad input gets an error result ({@code result_type}
 * {@code "error"}, for requests with a call id) or is skipped and counted; binary frames close the
 * session as the Python endpoint does; frames over the container's size limit close it with 1009.
 */
public class WsRpcEndpointHandler extends AbstractWebSocketHandler implements WsRpcPublisher, DisposableBean {

	private static final Log logger = LogFactory.getLog(WsRpcEndpointHandler.class);

	private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

	private static final Set<String> SUBSCRIBE_ARGUMENTS = Set.of("topics");

	private static final Set<String> PUBLISH_ARGUMENTS = Set.of("topics", "data", "sync", "notifier_id");

	private final String endpointId = WsRpcChannel.newId();

	private final WsRpcCodec codec;

	private final WsRpcEventNotifier notifier;

	private final WsRpcEndpointSettings settings;

	private final WsRpcAuthorizer authorizer;

	private final List<WsRpcSessionListener> sessionListeners;

	private final WsRpcServerMetrics metrics = new WsRpcServerMetrics();

	private final Map<String, ServerSession> sessions = new ConcurrentHashMap<>();

	private final ScheduledThreadPoolExecutor scheduler;

	/**
	 * Create a handler.
	 * @param jsonMapper the shared mapper
	 * @param notifier the topic registry
	 * @param settings the limits
	 * @param authorizer the authorizer
	 * @param sessionListeners told about connects and disconnects
	 */
	public WsRpcEndpointHandler(JsonMapper jsonMapper, WsRpcEventNotifier notifier, WsRpcEndpointSettings settings,
			WsRpcAuthorizer authorizer, List<WsRpcSessionListener> sessionListeners) {
		this.codec = new WsRpcCodec(jsonMapper);
		this.notifier = notifier;
		this.settings = settings;
		this.authorizer = authorizer;
		this.sessionListeners = List.copyOf(sessionListeners);
		this.scheduler = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "wsrpc-endpoint-timer");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	/**
	 * Return the endpoint's counters.
	 * @return the metrics
	 */
	public WsRpcServerMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Return the topic registry.
	 * @return the notifier
	 */
	public WsRpcEventNotifier notifier() {
		return this.notifier;
	}

	/**
	 * Return the id this endpoint uses as notifier id for {@link #publish(List, Object)}.
	 * @return the id
	 */
	public String endpointId() {
		return this.endpointId;
	}

	@Override
	public CompletableFuture<Void> publish(List<String> topics, @Nullable Object data) {
		JsonNode node;
		try {
			node = this.codec.toNode(data);
		}
		catch (PubSubProtocolException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.notifier.notify(List.copyOf(topics), node, this.endpointId);
	}

	@Override
	public void afterConnectionEstablished(WebSocketSession session) {
		limitBlockingSends(session);
		WebSocketSession decorated = new ConcurrentWebSocketSessionDecorator(session,
				(int) this.settings.sendTimeLimit().toMillis(), this.settings.sendBufferSizeLimit(),
				ConcurrentWebSocketSessionDecorator.OverflowStrategy.TERMINATE);
		ServerSession serverSession = new ServerSession(decorated);
		this.sessions.put(session.getId(), serverSession);
		this.metrics.sessionOpened();
		for (WsRpcSessionListener listener : this.sessionListeners) {
			try {
				listener.onConnect(serverSession.info);
			}
			catch (RuntimeException ex) {
				logger.warn("wsrpc session listener failed on connect", ex);
			}
		}
	}

	private void limitBlockingSends(WebSocketSession session) {
		if (session instanceof org.springframework.web.socket.adapter.NativeWebSocketSession nativeSession) {
			Object target = nativeSession.getNativeSession();
			if (target != null && JakartaSessions.isJakartaSession(target)) {
				JakartaSessions.userProperties(target).put(TOMCAT_BLOCKING_SEND_TIMEOUT,
						this.settings.sendTimeLimit().toMillis());
			}
		}
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		ServerSession serverSession = this.sessions.get(session.getId());
		if (serverSession != null) {
			serverSession.channel.handleText(message.getPayload());
		}
	}

	@Override
	protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws IOException {
		this.metrics.malformedFrame();
		logger.warn("wsrpc session " + session.getId() + " sent a binary frame; closing it");
		session.close(CloseStatus.NOT_ACCEPTABLE.withReason("binary frames are not supported"));
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("wsrpc session " + session.getId() + " transport error: " + exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
		ServerSession serverSession = this.sessions.remove(session.getId());
		if (serverSession == null) {
			return;
		}
		this.notifier.unsubscribeAll(serverSession.id());
		serverSession.channel.close(new dev.pubsub.core.PubSubConnectionLostException("session closed: " + status));
		this.metrics.sessionClosed();
		if (status.getCode() == CloseStatus.TOO_BIG_TO_PROCESS.getCode()) {
			this.metrics.oversizedFrameDisconnected();
			logger.warn("wsrpc session " + session.getId() + " closed: frame over the size limit");
		}
		for (WsRpcSessionListener listener : this.sessionListeners) {
			try {
				listener.onDisconnect(serverSession.info);
			}
			catch (RuntimeException ex) {
				logger.warn("wsrpc session listener failed on disconnect", ex);
			}
		}
	}

	/**
	 * Close a session (the client may reconnect).
	 * @param channelId the session's channel id
	 * @return {@code true} if the session was found
	 */
	public boolean closeSession(String channelId) {
		for (ServerSession session : this.sessions.values()) {
			if (session.id().equals(channelId)) {
				try {
					session.session.close(CloseStatus.GOING_AWAY.withReason("closed by the server"));
				}
				catch (IOException ex) {
					logger.debug("Error closing wsrpc session: " + ex);
				}
				return true;
			}
		}
		return false;
	}

	@Override
	public void destroy() {
		for (ServerSession session : this.sessions.values()) {
			try {
				session.session.close(CloseStatus.GOING_AWAY);
			}
			catch (IOException | RuntimeException ex) {
				logger.debug("Error closing wsrpc session: " + ex);
			}
		}
		this.scheduler.shutdownNow();
	}

	private static List<String> topics(JsonNode arguments, boolean allowSingle) {
		JsonNode topics = arguments.get("topics");
		if (topics == null || topics.isNull()) {
			return List.of();
		}
		if (allowSingle && topics.isString()) {
			return List.of(topics.asString());
		}
		if (!topics.isArray()) {
			throw new IllegalArgumentException("'topics' must be a list of strings");
		}
		Set<String> result = new LinkedHashSet<>();
		for (JsonNode topic : topics) {
			if (!topic.isString()) {
				throw new IllegalArgumentException("'topics' must be a list of strings, got " + topic.getNodeType());
			}
			result.add(topic.asString());
		}
		return new ArrayList<>(result);
	}

	private static void checkArguments(String method, JsonNode arguments, Set<String> allowed) {
		for (String name : arguments.propertyNames()) {
			if (!allowed.contains(name)) {
				throw new IllegalArgumentException(method + "() got an unexpected keyword argument '" + name + "'");
			}
		}
	}

	/**
	 * One connected session: its channel and its subscriber identity.
	 */
	private final class ServerSession implements WsRpcSubscriber, WsRpcChannel.ErrorListener {

		private final WebSocketSession session;

		private final WsRpcChannel channel;

		private final WsRpcSessionInfo info;

		private final AtomicBoolean slowConsumer = new AtomicBoolean();

		private final Map<String, WsRpcMethod> methods = new LinkedHashMap<>();

		ServerSession(WebSocketSession session) {
			this.session = session;
			this.methods.put("subscribe", (channel, arguments) -> subscribe(arguments));
			this.methods.put("unsubscribe", (channel, arguments) -> unsubscribe(arguments));
			this.methods.put("publish", (channel, arguments) -> publish(arguments));
			this.methods.put("ping", (channel, arguments) -> CompletableFuture.completedFuture(WsRpcResult.str("pong")));
			this.channel = new WsRpcChannel(WsRpcEndpointHandler.this.codec, this::send, this.methods::get,
					WsRpcEndpointHandler.this.scheduler, Runnable::run, this);
			this.info = new WsRpcSessionInfo(this.channel.id(), session.getHandshakeHeaders(), session.getPrincipal(),
					session.getRemoteAddress(), session.getAttributes());
		}

		@Override
		public String id() {
			return this.channel.id();
		}

		private void send(String text) throws IOException {
			try {
				this.session.sendMessage(new TextMessage(text));
			}
			catch (SessionLimitExceededException ex) {
				slowConsumer(ex, false);
				throw new IOException("slow consumer disconnected", ex);
			}
			catch (IOException ex) {
				if (isTimeout(ex)) {
					slowConsumer(ex, true);
				}
				throw ex;
			}
		}

		private void slowConsumer(Exception cause, boolean close) {
			if (this.slowConsumer.compareAndSet(false, true)) {
				WsRpcEndpointHandler.this.metrics.slowConsumerDisconnected();
				logger.warn("wsrpc session " + this.session.getId() + " disconnected as a slow consumer: " + cause);
				if (close) {
					WsRpcEndpointHandler.this.scheduler.execute(() -> {
						try {
							this.session.close(CloseStatus.SESSION_NOT_RELIABLE);
						}
						catch (IOException | RuntimeException ex) {
							logger.debug("Error closing slow wsrpc session: " + ex);
						}
					});
				}
			}
		}

		private static boolean isTimeout(Throwable ex) {
			for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
				if (cause instanceof java.net.SocketTimeoutException
						|| cause instanceof java.util.concurrent.TimeoutException) {
					return true;
				}
			}
			return false;
		}

		@Override
		public CompletableFuture<?> onEvent(String subscriptionId, String topic, WsRpcEventData data,
				boolean acknowledge) {
			String arguments = "{\"subscription\":{\"id\":\"" + subscriptionId + "\",\"subscriber_id\":\"" + id()
					+ "\",\"topic\":" + WsRpcEndpointHandler.this.codec.jsonMapper().writeValueAsString(topic)
					+ ",\"notifier_id\":null},\"data\":" + data.json() + "}";
			WsRpcEndpointHandler.this.metrics.notificationSent();
			if (!acknowledge) {
				this.channel.notifyRaw("notify", arguments);
				return CompletableFuture.completedFuture(null);
			}
			return this.channel.callRaw("notify", arguments, WsRpcEndpointHandler.this.settings.notifyTimeout());
		}

		private CompletableFuture<WsRpcResult> subscribe(JsonNode arguments) {
			checkArguments("subscribe", arguments, SUBSCRIBE_ARGUMENTS);
			List<String> topics = topics(arguments, false);
			if (!WsRpcEndpointHandler.this.authorizer.authorizeSubscribe(this.info, topics)) {
				return refused("subscribe", topics, "not authorised");
			}
			WsRpcEventNotifier notifier = WsRpcEndpointHandler.this.notifier;
			int limit = WsRpcEndpointHandler.this.settings.maxSubscriptionsPerSession();
			Set<String> held = notifier.topicsOf(id());
			long fresh = topics.stream().filter((topic) -> !held.contains(topic)).count();
			if (held.size() + fresh > limit) {
				return refused("subscribe", topics, "over the limit of " + limit + " topics per session");
			}
			notifier.subscribe(this, topics);
			return CompletableFuture.completedFuture(WsRpcResult.bool(true));
		}

		private CompletableFuture<WsRpcResult> unsubscribe(JsonNode arguments) {
			checkArguments("unsubscribe", arguments, SUBSCRIBE_ARGUMENTS);
			WsRpcEndpointHandler.this.notifier.unsubscribe(id(), topics(arguments, false));
			return CompletableFuture.completedFuture(WsRpcResult.bool(true));
		}

		private CompletableFuture<WsRpcResult> publish(JsonNode arguments) {
			checkArguments("publish", arguments, PUBLISH_ARGUMENTS);
			List<String> topics = topics(arguments, true);
			JsonNode data = arguments.has("data") ? arguments.get("data") : NullNode.getInstance();
			JsonNode sync = arguments.get("sync");
			if (sync != null && !sync.isNull() && !sync.isBoolean()) {
				throw new IllegalArgumentException("'sync' must be a boolean");
			}
			JsonNode notifierId = arguments.get("notifier_id");
			if (notifierId != null && !notifierId.isNull() && !notifierId.isString()) {
				throw new IllegalArgumentException("'notifier_id' must be a string or null");
			}
			if (!WsRpcEndpointHandler.this.authorizer.authorizePublish(this.info, topics)) {
				return refused("publish", topics, "not authorised");
			}
			String notifier = (notifierId != null && notifierId.isString()) ? notifierId.asString() : id();
			boolean acknowledge = sync == null || sync.isNull() || sync.asBoolean();
			CompletableFuture<Void> delivered = WsRpcEndpointHandler.this.notifier.notify(topics, data, notifier,
					acknowledge);
			return delivered.thenApply((ignored) -> WsRpcResult.bool(true));
		}

		private CompletableFuture<WsRpcResult> refused(String method, List<String> topics, String why) {
			WsRpcEndpointHandler.this.metrics.refusedRequest();
			logger.debug("wsrpc session " + this.session.getId() + ": " + method + " of " + topics.size()
					+ " topic(s) refused: " + why);
			return CompletableFuture.completedFuture(WsRpcResult.bool(false));
		}

		@Override
		public void malformedFrame(PubSubProtocolException error) {
			WsRpcEndpointHandler.this.metrics.malformedFrame();
			logger.warn("wsrpc session " + this.session.getId() + " sent a malformed frame: " + error.getMessage());
		}

		@Override
		public void failedRequest(WsRpcFrame.Request request, Throwable error) {
			WsRpcEndpointHandler.this.metrics.failedRequest();
			logger.warn("wsrpc session " + this.session.getId() + ": '" + request.method() + "' failed: "
					+ error.getMessage());
		}

	}

}
