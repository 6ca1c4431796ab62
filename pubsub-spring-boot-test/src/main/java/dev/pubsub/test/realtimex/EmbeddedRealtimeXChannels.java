package dev.pubsub.test.realtimex;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.auth.ChannelNames;

/**
 * The channels of {@link EmbeddedRealtimeXServer}: the connected sockets, joining a channel
 * (verifying private and presence signatures over the socket id exactly as the service does),
 * presence members with {@code member_added} / {@code member_removed}, relaying {@code client-*}
 * events to the other subscribers and leaving channels when a socket goes.
 */
final class EmbeddedRealtimeXChannels {

	private static final Pattern CHANNEL = Pattern.compile("[-a-zA-Z0-9_=@,.;]{1,164}");

	private final ChannelAuthSigner signer;

	private final JsonMapper jsonMapper;

	private final Map<String, EmbeddedRealtimeXConnection> connections = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Member>> presence = new ConcurrentHashMap<>();

	EmbeddedRealtimeXChannels(ChannelAuthSigner signer, JsonMapper jsonMapper) {
		this.signer = signer;
		this.jsonMapper = jsonMapper;
	}

	void connected(EmbeddedRealtimeXConnection connection) {
		this.connections.put(connection.socketId, connection);
	}

	/**
	 * A socket went: leave its channels (presence members included).
	 * @param connection the socket
	 */
	void disconnected(EmbeddedRealtimeXConnection connection) {
		if (this.connections.remove(connection.socketId) != null) {
			for (String channel : List.copyOf(connection.channels)) {
				leave(connection, channel);
			}
		}
	}

	Collection<EmbeddedRealtimeXConnection> connections() {
		return List.copyOf(this.connections.values());
	}

	Set<String> socketIds() {
		return Set.copyOf(this.connections.keySet());
	}

	Map<String, JsonNode> members(String channel) {
		Map<String, JsonNode> result = new LinkedHashMap<>();
		this.presence.getOrDefault(channel, Map.of()).forEach((id, member) -> result.put(id, member.info));
		return result;
	}

	void publish(String channel, String event, @Nullable Object data) {
		ObjectNode payload = this.jsonMapper.createObjectNode();
		payload.put("channel", channel);
		payload.put("event", event);
		payload.set("data", this.jsonMapper.valueToTree(data));
		for (EmbeddedRealtimeXConnection connection : this.connections.values()) {
			if (connection.channels.contains(channel)) {
				connection.emit("server-event", payload);
			}
		}
	}

	void subscribe(EmbeddedRealtimeXConnection connection, JsonNode payload) {
		String channel = payload.path("channel").isString() ? payload.path("channel").asString() : "";
		if (!CHANNEL.matcher(channel).matches()) {
			connection.emit("realtimex_internal:subscription_error",
					this.jsonMapper.createObjectNode().put("channel", channel).put("error", "invalid channel name"));
			return;
		}
		boolean isPresence = ChannelNames.isPresence(channel);
		if (ChannelNames.requiresAuth(channel)) {
			String auth = payload.path("auth").isString() ? payload.path("auth").asString() : null;
			String channelData = payload.path("channel_data").isString() ? payload.path("channel_data").asString()
					: null;
			if ((isPresence && channelData == null)
					|| !this.signer.verify(auth, connection.socketId, channel, isPresence ? channelData : null)) {
				connection.emit("realtimex_internal:subscription_error", this.jsonMapper.createObjectNode()
					.put("channel", channel)
					.put("error", "invalid signature")
					.put("status", 401));
				return;
			}
			if (isPresence) {
				joinPresence(connection, channel, channelData);
				return;
			}
		}
		connection.channels.add(channel);
		connection.emit("realtimex_internal:subscription_succeeded",
				this.jsonMapper.createObjectNode().put("channel", channel).put("socket_id", connection.socketId));
	}

	private void joinPresence(EmbeddedRealtimeXConnection connection, String channel, String channelData) {
		JsonNode data;
		try {
			data = this.jsonMapper.readTree(channelData);
		}
		catch (JacksonException ex) {
			data = null;
		}
		if (data == null || !data.has("user_id") || data.get("user_id").isNull()) {
			connection.emit("realtimex_internal:subscription_error", this.jsonMapper.createObjectNode()
				.put("channel", channel)
				.put("error", "channel_data needs user_id"));
			return;
		}
		String userId = data.get("user_id").asString();
		JsonNode info = data.has("user_info") ? data.get("user_info") : this.jsonMapper.createObjectNode();
		boolean isNew;
		ObjectNode succeeded = this.jsonMapper.createObjectNode();
		synchronized (this.presence) {
			Map<String, Member> members = this.presence.computeIfAbsent(channel, (key) -> new LinkedHashMap<>());
			Member member = members.get(userId);
			isNew = (member == null);
			if (isNew) {
				member = new Member(info);
				members.put(userId, member);
			}
			member.sockets.add(connection.socketId);
			connection.presence.put(channel, userId);
			connection.channels.add(channel);
			succeeded.put("channel", channel).put("socket_id", connection.socketId);
			ObjectNode presenceNode = succeeded.putObject("presence");
			ObjectNode hash = presenceNode.putObject("hash");
			members.forEach((id, m) -> hash.set(id, m.info));
			presenceNode.putArray("ids").addAll(members.keySet().stream().map(this.jsonMapper.getNodeFactory()::textNode).toList());
			presenceNode.put("count", members.size());
		}
		connection.emit("realtimex_internal:subscription_succeeded", succeeded);
		if (isNew) {
			ObjectNode added = this.jsonMapper.createObjectNode().put("channel", channel).put("user_id", userId);
			added.set("user_info", info);
			broadcast(channel, connection, "realtimex_internal:member_added", added);
		}
	}

	void leave(EmbeddedRealtimeXConnection connection, String channel) {
		connection.channels.remove(channel);
		String userId = connection.presence.remove(channel);
		if (userId == null) {
			return;
		}
		boolean gone = false;
		synchronized (this.presence) {
			Map<String, Member> members = this.presence.get(channel);
			Member member = (members != null) ? members.get(userId) : null;
			if (member != null) {
				member.sockets.remove(connection.socketId);
				if (member.sockets.isEmpty()) {
					members.remove(userId);
					gone = true;
				}
			}
		}
		if (gone) {
			broadcast(channel, connection, "realtimex_internal:member_removed",
					this.jsonMapper.createObjectNode().put("channel", channel).put("user_id", userId));
		}
	}

	void clientEvent(EmbeddedRealtimeXConnection connection, JsonNode payload) {
		String channel = payload.path("channel").asString("");
		String event = payload.path("event").asString("");
		if (!ChannelNames.requiresAuth(channel) || !event.startsWith("client-")
				|| !connection.channels.contains(channel)) {
			return;
		}
		ObjectNode relayed = this.jsonMapper.createObjectNode().put("channel", channel).put("event", event);
		relayed.set("data", payload.get("data"));
		broadcast(channel, connection, "server-event", relayed);
	}

	private void broadcast(String channel, EmbeddedRealtimeXConnection except, String event, JsonNode payload) {
		for (EmbeddedRealtimeXConnection other : this.connections.values()) {
			if (other != except && other.channels.contains(channel)) {
				other.emit(event, payload);
			}
		}
	}

	private static final class Member {

		final JsonNode info;

		final Set<String> sockets = ConcurrentHashMap.newKeySet();

		Member(JsonNode info) {
			this.info = info;
		}

	}

}
