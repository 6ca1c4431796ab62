package dev.pubsub.realtimex;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.auth.ChannelNames;

/**
 * The presence part of RealtimeX channels: the member list a {@code subscription_succeeded}
 * carries (plus the client's own user), {@code member_added} / {@code member_removed} and the
 * {@code presence:*} events derived from them for the channel's bindings.
 */
final class RealtimeXPresence {

	static final String MEMBER_ADDED = "realtimex_internal:member_added";

	static final String MEMBER_REMOVED = "realtimex_internal:member_removed";

	/**
	 * Where presence events go: the channel's bindings, on the callback thread.
	 */
	@FunctionalInterface
	interface Emitter {

		void emit(DefaultRealtimeXChannel channel, String event, JsonNode data);

	}

	private RealtimeXPresence() {
	}

	/**
	 * Return the {@code user_id} of presence channel data.
	 * @param jsonMapper the mapper
	 * @param channelData the channel data the authorizer returned, or {@code null}
	 * @return the user id or {@code null}
	 */
	static @Nullable String userId(JsonMapper jsonMapper, @Nullable String channelData) {
		if (channelData == null) {
			return null;
		}
		try {
			JsonNode userId = jsonMapper.readTree(channelData).get("user_id");
			return (userId != null && !userId.isNull()) ? userId.asString() : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * Take the member list of a confirmed presence subscription; the client's own user is a member
	 * even if the server's list misses it.
	 * @param channel the channel
	 * @param payload the {@code subscription_succeeded} payload
	 */
	static void subscribed(DefaultRealtimeXChannel channel, JsonNode payload) {
		JsonNode hash = payload.path("presence").path("hash");
		if (hash.isObject()) {
			for (Map.Entry<String, JsonNode> member : hash.properties()) {
				channel.memberAdded(member.getKey(), member.getValue());
			}
		}
		String me = channel.me();
		if (me != null && !channel.members().containsKey(me)) {
			channel.memberAdded(me, JsonNodeFactory.instance.objectNode());
		}
	}

	/**
	 * Return the data of {@code presence:subscription_succeeded}: me, count and members.
	 * @param channel the channel
	 * @return the data
	 */
	static JsonNode membersNode(DefaultRealtimeXChannel channel) {
		ObjectNode node = JsonNodeFactory.instance.objectNode();
		Map<String, JsonNode> members = channel.members();
		node.put("me", channel.me());
		node.put("count", members.size());
		ObjectNode hash = node.putObject("members");
		members.forEach(hash::set);
		return node;
	}

	/**
	 * Apply a member event to a subscribed presence channel and emit it and its {@code presence:*}
	 * counterpart.
	 * @param channel the channel, or {@code null} when not subscribed here
	 * @param event {@link #MEMBER_ADDED} or {@link #MEMBER_REMOVED}
	 * @param data the event data
	 * @param emitter where the events go
	 * @return {@code false} if the event had no {@code user_id} (malformed)
	 */
	static boolean onMember(@Nullable DefaultRealtimeXChannel channel, String event, JsonNode data, Emitter emitter) {
		if (channel == null || !channel.isSubscribed() || !ChannelNames.isPresence(channel.name())) {
			return true;
		}
		JsonNode userIdNode = data.path("user_id");
		if (userIdNode.isMissingNode() || userIdNode.isNull()) {
			return false;
		}
		String userId = userIdNode.asString();
		emitter.emit(channel, event, data);
		if (MEMBER_ADDED.equals(event)) {
			channel.memberAdded(userId, data.path("user_info").isMissingNode() ? JsonNodeFactory.instance.objectNode()
					: data.get("user_info"));
			emitter.emit(channel, "presence:member_added", data);
		}
		else if (channel.memberRemoved(userId) != null) {
			emitter.emit(channel, "presence:member_removed", data);
		}
		return true;
	}

}
