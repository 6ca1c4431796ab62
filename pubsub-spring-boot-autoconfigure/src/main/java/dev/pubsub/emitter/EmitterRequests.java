package dev.pubsub.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.support.PendingRequests;

/**
 * The broker requests of a {@link PahoEmitterClient} ({@code keygen}, {@code presence},
 * {@code link}, {@code me}): builds their bodies, sends them as QoS 1 publishes on
 * {@code emitter/<operation>/}, matches the responses by request id (the packet id) in a
 * {@link PendingRequests} map, and remembers the links and presence follows that a reconnect
 * restores.
 */
final class EmitterRequests {

	/** An Emitter link name: 1 or 2 letters or digits. */
	static final Pattern LINK_NAME = Pattern.compile("[A-Za-z0-9]{1,2}");

	private final PendingRequests<Integer, JsonNode> pending;

	private final Map<String, LinkSpec> links = new ConcurrentHashMap<>();

	private final Map<String, PresenceFollow> presenceFollows = new ConcurrentHashMap<>();

	private final String clientName;

	private final JsonMapper jsonMapper;

	private final Duration timeout;

	private final Supplier<ConnectionState> state;

	private final EmitterWire wire;

	private final EmitterCompletions completions;

	private final EmitterEventHandlers events;

	EmitterRequests(String clientName, JsonMapper jsonMapper, ScheduledExecutorService scheduler, Duration timeout,
			Supplier<ConnectionState> state, EmitterWire wire, EmitterCompletions completions,
			EmitterEventHandlers events) {
		this.pending = new PendingRequests<>(scheduler, "Emitter response");
		this.clientName = clientName;
		this.jsonMapper = jsonMapper;
		this.timeout = timeout;
		this.state = state;
		this.wire = wire;
		this.completions = completions;
		this.events = events;
	}

	CompletableFuture<EmitterKey> keygen(String key, String channel, String permissions, int ttl) {
		ObjectNode body = this.jsonMapper.createObjectNode();
		try {
			body.put("key", key);
			body.put("channel", EmitterTopics.normalizeChannel(channel, true));
			body.put("type", permissions);
			body.put("ttl", ttl);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return request("keygen", body, (node) -> new EmitterKey(node.path("key").asString(""),
				node.path("channel").asString("")), this.events.keygen::deliver);
	}

	CompletableFuture<EmitterPresenceStatus> presence(String key, String channel, boolean status,
			@Nullable Boolean changes) {
		String normalized;
		try {
			normalized = EmitterTopics.normalizeChannel(channel, false);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return request("presence", presenceBody(key, normalized, status, changes), EmitterRequests::presenceStatus,
				(result) -> {
				})
			.thenApply((result) -> {
				String followKey = key + "|" + normalized;
				if (Boolean.TRUE.equals(changes)) {
					this.presenceFollows.put(followKey, new PresenceFollow(key, normalized));
				}
				else if (Boolean.FALSE.equals(changes)) {
					this.presenceFollows.remove(followKey);
				}
				return result;
			});
	}

	CompletableFuture<EmitterLink> link(String name, String key, String channel, EmitterPublishOptions options,
			boolean subscribe) {
		LinkSpec link;
		try {
			if (!LINK_NAME.matcher(name).matches()) {
				throw new IllegalArgumentException("An Emitter link name is 1 or 2 letters or digits");
			}
			link = new LinkSpec(name, EmitterTopics.normalizeKey(key), EmitterTopics.withOptions(
					EmitterTopics.normalizeChannel(channel, false), EmitterPublisher.query(options)), subscribe);
		}
		catch (IllegalArgumentException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return request("link", linkBody(link), (node) -> new EmitterLink(node.path("name").asString(""),
				node.path("channel").asString("")), this.events.link::deliver)
			.thenApply((created) -> {
				this.links.put(name, link);
				return created;
			});
	}

	CompletableFuture<EmitterMe> me() {
		return request("me", null, (node) -> {
			Map<String, String> linkChannels = new LinkedHashMap<>();
			for (Map.Entry<String, JsonNode> entry : node.path("links").properties()) {
				linkChannels.put(entry.getKey(), entry.getValue().asString(""));
			}
			return new EmitterMe(node.path("id").asString(""), linkChannels);
		}, this.events.me::deliver);
	}

	/**
	 * Send the requests that restore the links and presence follows on a new session.
	 * @param target the new session
	 * @param steps where the futures of the requests are added
	 */
	void restore(EmitterSession target, List<CompletableFuture<?>> steps) {
		for (LinkSpec link : this.links.values()) {
			steps.add(EmitterConnector.tolerateRefusal(send(target, "link", linkBody(link))));
		}
		for (PresenceFollow follow : this.presenceFollows.values()) {
			steps.add(EmitterConnector.tolerateRefusal(send(target, "presence",
					presenceBody(follow.key(), follow.channel(), false, Boolean.TRUE))));
		}
	}

	/**
	 * Whether a request with this id waits for its response (hold the {@linkplain EmitterWire#lock()
	 * send lock}, which orders this after the request was registered).
	 * @param requestId the request id
	 * @return {@code true} if one waits
	 */
	boolean isPending(int requestId) {
		return this.pending.isPending(requestId);
	}

	/**
	 * Complete a request with the broker's response.
	 * @param requestId the request id
	 * @param response the response
	 */
	void answer(int requestId, JsonNode response) {
		this.pending.complete(requestId, response);
	}

	/**
	 * Fail a request the broker refused.
	 * @param requestId the request id
	 * @param operation the operation
	 * @param error the broker's error
	 */
	void refuse(int requestId, String operation, EmitterError error) {
		this.pending.fail(requestId, new EmitterRequestException(operation, error));
	}

	/**
	 * Fail every request that waits for its response.
	 * @param cause why the connection was lost
	 */
	void failAll(Throwable cause) {
		this.pending.failAll(() -> new PubSubConnectionLostException(
				"Connection of Emitter client '" + this.clientName + "' was lost before the broker answered", cause));
	}

	private <T> CompletableFuture<T> request(String operation, @Nullable JsonNode body, Function<JsonNode, T> mapper,
			Consumer<T> onResult) {
		EmitterSession current = this.wire.readySession();
		if (current == null) {
			return CompletableFuture.failedFuture(new PubSubNotConnectedException("Emitter client '" + this.clientName
					+ "' is not connected (" + this.state.get() + "); " + operation + " not sent"));
		}
		return this.completions.relay(send(current, operation, body), (node) -> {
			T result = mapper.apply(node);
			onResult.accept(result);
			return result;
		}, () -> {
		});
	}

	private CompletableFuture<JsonNode> send(EmitterSession target, String operation, @Nullable JsonNode body) {
		MqttMessage message = new MqttMessage((body != null) ? this.jsonMapper.writeValueAsBytes(body) : new byte[0]);
		message.setQos(1);
		synchronized (this.wire.lock()) {
			try {
				IMqttDeliveryToken token = target.paho().publish(EmitterTopics.REQUEST_PREFIX + operation + "/", message,
						null, new IMqttActionListener() {

							@Override
							public void onSuccess(IMqttToken asyncActionToken) {
							}

							@Override
							public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
								EmitterRequests.this.pending.fail(asyncActionToken.getMessageId(),
										EmitterRequests.this.completions.translate(operation, ex));
							}

						});
				return this.pending.register(token.getMessageId(), this.timeout);
			}
			catch (MqttException ex) {
				return CompletableFuture.failedFuture(this.completions.translate(operation, ex));
			}
		}
	}

	private ObjectNode presenceBody(String key, String channel, boolean status, @Nullable Boolean changes) {
		ObjectNode body = this.jsonMapper.createObjectNode();
		body.put("key", key);
		body.put("channel", channel);
		body.put("status", status);
		if (changes != null) {
			body.put("changes", changes);
		}
		return body;
	}

	private ObjectNode linkBody(LinkSpec link) {
		ObjectNode body = this.jsonMapper.createObjectNode();
		body.put("name", link.name());
		body.put("key", link.key());
		body.put("channel", link.channel());
		body.put("subscribe", link.subscribe());
		return body;
	}

	private static EmitterPresenceStatus presenceStatus(JsonNode node) {
		List<EmitterPresenceMember> who = new ArrayList<>();
		for (JsonNode member : node.path("who")) {
			who.add(member(member));
		}
		return new EmitterPresenceStatus(node.path("time").asLong(0), node.path("channel").asString(""), who);
	}

	/**
	 * Read a presence member.
	 * @param node the member object
	 * @return the member
	 */
	static EmitterPresenceMember member(JsonNode node) {
		JsonNode username = node.get("username");
		return new EmitterPresenceMember(node.path("id").asString(""),
				(username != null && !username.isNull()) ? username.asString() : null);
	}

	private record LinkSpec(String name, String key, String channel, boolean subscribe) {
	}

	private record PresenceFollow(String key, String channel) {
	}

}
