package dev.pubsub.wsrpc.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.PartialTextAggregator;
import dev.pubsub.wsrpc.WsRpcChannel;
import dev.pubsub.wsrpc.WsRpcFrame;
import dev.pubsub.wsrpc.WsRpcMethod;
import dev.pubsub.wsrpc.WsRpcResult;

/**
 * One connected session of a {@link WsRpcEndpointHandler}: its channel, its subscriber identity,
 * its byte-bounded outbound queue, the aggregation of its partial text messages, and the times the
 * endpoint's timeouts look at.
 */
final class WsRpcServerSession implements WsRpcSubscriber, WsRpcChannel.ErrorListener {

	private static final Set<String> SUBSCRIBE_ARGUMENTS = Set.of("topics");

	private static final Set<String> PUBLISH_ARGUMENTS = Set.of("topics", "data", "sync", "notifier_id");

	private final WsRpcEndpointHandler endpoint;

	final WebSocketSession session;

	final WsRpcChannel channel;

	final WsRpcSessionInfo info;

	final SessionOutbound outbound;

	final PartialTextAggregator inbound;

	final long openedNanos = System.nanoTime();

	volatile long lastInboundNanos = this.openedNanos;

	volatile boolean receivedFirstMessage;

	volatile boolean pingOutstanding;

	private final AtomicBoolean closing = new AtomicBoolean();

	private final Map<String, WsRpcMethod> methods = new LinkedHashMap<>();

	WsRpcServerSession(WsRpcEndpointHandler endpoint, WebSocketSession session, SessionOutbound.Transport transport) {
		this.endpoint = endpoint;
		this.session = session;
		WsRpcEndpointSettings settings = endpoint.settings();
		this.outbound = new SessionOutbound(transport, settings.sendBufferSizeLimit(), this::outboundFailed);
		this.inbound = new PartialTextAggregator(settings.maxTextMessageSize());
		this.methods.put("subscribe", (channel, arguments) -> subscribe(arguments));
		this.methods.put("unsubscribe", (channel, arguments) -> unsubscribe(arguments));
		this.methods.put("publish", (channel, arguments) -> publish(arguments));
		this.methods.put("ping", (channel, arguments) -> CompletableFuture.completedFuture(WsRpcResult.str("pong")));
		this.channel = new WsRpcChannel(endpoint.codec(), this::send, this.methods::get, endpoint.scheduler(),
				Runnable::run, this);
		this.info = new WsRpcSessionInfo(this.channel.id(), session.getHandshakeHeaders(), session.getPrincipal(),
				session.getRemoteAddress(), session.getAttributes());
	}

	@Override
	public String id() {
		return this.channel.id();
	}

	private void send(String text) throws IOException {
		if (!this.outbound.offer(text)) {
			throw new IOException("session " + this.session.getId() + " is closed or over its outbound budget");
		}
	}

	/**
	 * Record an inbound message (or part of one).
	 */
	void touched() {
		this.receivedFirstMessage = true;
		alive();
	}

	/**
	 * Record a sign of life that is not a message (a pong): it counts for the idle timeout, not as
	 * the first message.
	 */
	void alive() {
		this.lastInboundNanos = System.nanoTime();
		this.pingOutstanding = false;
	}

	/**
	 * Close the session once, off the caller's thread.
	 * @param status the status
	 * @return {@code true} if this call started the close
	 */
	boolean closeOnce(CloseStatus status) {
		if (!this.closing.compareAndSet(false, true)) {
			return false;
		}
		this.outbound.close();
		this.inbound.reset();
		// no more events for a session on its way out: a publisher does no work for it
		this.endpoint.notifier().unsubscribeAll(id());
		this.endpoint.closeAsync(this.session, status);
		return true;
	}

	boolean isClosing() {
		return this.closing.get();
	}

	private void outboundFailed(boolean slowConsumer, String reason) {
		if (this.closing.get()) {
			return;
		}
		if (!slowConsumer) {
			WsRpcEndpointLogs.logger.debug("wsrpc session " + this.session.getId() + ": "
					+ LogSanitizer.sanitize(reason));
			closeOnce(CloseStatus.SERVER_ERROR.withReason("write failed"));
			return;
		}
		this.endpoint.metrics().slowConsumerDisconnected();
		this.endpoint.logs().slowConsumer.warn(() -> "wsrpc session " + this.session.getId()
				+ " closed with 1013 as a slow consumer: " + reason);
		closeOnce(CloseStatus.SERVICE_OVERLOAD.withReason("slow consumer"));
	}

	@Override
	public CompletableFuture<?> onEvent(String subscriptionId, String topic, WsRpcEventData data,
			boolean acknowledge) {
		if (this.closing.get()) {
			return CompletableFuture.completedFuture(null);
		}
		String arguments = "{\"subscription\":{\"id\":\"" + subscriptionId + "\",\"subscriber_id\":\"" + id()
				+ "\",\"topic\":" + this.endpoint.codec().jsonMapper().writeValueAsString(topic)
				+ ",\"notifier_id\":null},\"data\":" + data.json() + "}";
		this.endpoint.metrics().notificationSent();
		if (!acknowledge) {
			this.channel.notifyRaw("notify", arguments);
			return CompletableFuture.completedFuture(null);
		}
		return this.channel.callRaw("notify", arguments, this.endpoint.settings().notifyTimeout());
	}

	private CompletableFuture<WsRpcResult> subscribe(JsonNode arguments) {
		checkArguments("subscribe", arguments, SUBSCRIBE_ARGUMENTS);
		List<String> topics = topics(arguments, false);
		if (!this.endpoint.authorizer().authorizeSubscribe(this.info, topics)) {
			return refused("subscribe", topics, "not authorised");
		}
		WsRpcEventNotifier notifier = this.endpoint.notifier();
		int limit = this.endpoint.settings().maxSubscriptionsPerSession();
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
		this.endpoint.notifier().unsubscribe(id(), topics(arguments, false));
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
		if (!this.endpoint.authorizer().authorizePublish(this.info, topics)) {
			return refused("publish", topics, "not authorised");
		}
		String notifier = (notifierId != null && notifierId.isString()) ? notifierId.asString() : id();
		boolean acknowledge = sync == null || sync.isNull() || sync.asBoolean();
		CompletableFuture<Void> delivered = this.endpoint.notifier().notify(topics, data, notifier, acknowledge);
		return delivered.thenApply((ignored) -> WsRpcResult.bool(true));
	}

	private CompletableFuture<WsRpcResult> refused(String method, List<String> topics, String why) {
		this.endpoint.metrics().refusedRequest();
		this.endpoint.logs().refused.debug(() -> "wsrpc session " + this.session.getId() + ": " + method + " of "
				+ topics.size() + " topic(s) refused: " + why);
		return CompletableFuture.completedFuture(WsRpcResult.bool(false));
	}

	@Override
	public void malformedFrame(PubSubProtocolException error) {
		this.endpoint.metrics().malformedFrame();
		this.endpoint.logs().malformed.warn(() -> "wsrpc session " + this.session.getId()
				+ " sent a malformed frame: " + LogSanitizer.sanitize(error.getMessage()));
	}

	@Override
	public void failedRequest(WsRpcFrame.Request request, Throwable error) {
		this.endpoint.metrics().failedRequest();
		this.endpoint.logs().failedRequest.warn(() -> "wsrpc session " + this.session.getId() + ": '"
				+ LogSanitizer.sanitize(request.method()) + "' failed: " + LogSanitizer.sanitize(error.getMessage()));
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

}
