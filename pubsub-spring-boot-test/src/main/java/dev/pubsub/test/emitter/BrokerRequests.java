package dev.pubsub.test.emitter;

import java.time.Instant;
import java.util.regex.Pattern;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code emitter/} requests of the embedded broker ({@code keygen}, {@code presence},
 * {@code link}, {@code me}), answered to the requesting connection on the request topic with
 * {@code req} = the request's packet id, as the real broker does.
 */
final class BrokerRequests {

	private static final Pattern LINK = Pattern.compile("[A-Za-z0-9]{1,2}");

	private final ChannelKeys keys;

	private final BrokerResponses responses;

	private final EmitterRouter router;

	BrokerRequests(ChannelKeys keys, BrokerResponses responses, EmitterRouter router) {
		this.keys = keys;
		this.responses = responses;
		this.router = router;
	}

	/**
	 * Answer a request.
	 * @param from the requesting connection
	 * @param topic the request topic ({@code emitter/<operation>/})
	 * @param parsed the parsed topic
	 * @param payload the request body
	 * @param packetId the packet id, echoed as {@code req}
	 */
	void handle(BrokerConnection from, String topic, BrokerTopics.Parsed parsed, byte[] payload, int packetId) {
		String operation = parsed.channel().substring(0, parsed.channel().length() - 1);
		ObjectNode body;
		try {
			JsonNode node = (payload.length == 0) ? this.responses.json().createObjectNode()
					: this.responses.json().readTree(payload);
			if (!(node instanceof ObjectNode object)) {
				throw new IllegalArgumentException("not an object");
			}
			body = object;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			this.responses.respond(from, topic,
					this.responses.errorBody(400, "the request was invalid or cannot be otherwise served"), packetId);
			return;
		}
		ObjectNode response = switch (operation) {
			case "keygen" -> keygen(from, body);
			case "presence" -> presence(from, body);
			case "link" -> link(from, body);
			case "me" -> me(from);
			default -> this.responses.errorBody(404, "the resource requested does not exist");
		};
		this.responses.respond(from, topic, response, packetId);
	}

	private ObjectNode keygen(BrokerConnection from, ObjectNode body) {
		String secret = body.path("key").asString("");
		String channel = body.path("channel").asString("");
		if (!channel.endsWith("/") || BrokerTopics.parse("k/" + channel) == null) {
			return this.responses.errorBody(400, "channel should end with `/` for strict types or `/#/` for wildcards");
		}
		String permissions = body.path("type").asString("");
		long ttl = body.path("ttl").asLong(0);
		if (!this.keys.isSecret(secret)) {
			ChannelKeys.Key extendable = this.keys.find(secret);
			if (extendable == null || !extendable.allows('e') || !extendable.covers(channel)) {
				return this.responses.errorBody(401,
						"the security key provided is not authorized to perform this operation");
			}
			String privateChannel = channel + from.id() + "/";
			StringBuilder granted = new StringBuilder();
			for (char letter : permissions.toCharArray()) {
				if (letter != 'e' && extendable.allows(letter)) {
					granted.append(letter);
				}
			}
			return keyBody(this.keys.create(privateChannel, granted.toString(), ttl));
		}
		return keyBody(this.keys.create(channel, permissions, ttl));
	}

	private ObjectNode keyBody(ChannelKeys.Key key) {
		ObjectNode response = this.responses.ok();
		response.put("key", key.value());
		response.put("channel", key.channel());
		return response;
	}

	private ObjectNode presence(BrokerConnection from, ObjectNode body) {
		String channel = body.path("channel").asString("");
		ChannelKeys.Key key = this.keys.find(body.path("key").asString(""));
		if (key == null || !key.allows('p') || !key.covers(channel)) {
			return this.responses.errorBody(401, "the security key provided is not authorized to perform this operation");
		}
		JsonNode changes = body.get("changes");
		if (changes != null && changes.isBoolean()) {
			this.router.follow(from, channel, changes.asBoolean());
		}
		ObjectNode response = this.responses.ok();
		response.put("time", Instant.now().getEpochSecond());
		if (!body.path("status").asBoolean(true)) {
			response.put("event", "");
			response.put("channel", "");
			response.putNull("who");
			return response;
		}
		response.put("event", "status");
		response.put("channel", channel);
		ArrayNode who = response.putArray("who");
		for (BrokerConnection subscriber : this.router.subscribersOf(channel)) {
			who.add(this.responses.member(subscriber));
		}
		return response;
	}

	private ObjectNode link(BrokerConnection from, ObjectNode body) {
		String name = body.path("name").asString("");
		if (!LINK.matcher(name).matches()) {
			return this.responses.errorBody(400, "the link must be an alphanumeric string of 1 or 2 characters");
		}
		String key = body.path("key").asString("");
		String channel = body.path("channel").asString("");
		if (BrokerTopics.parse(key + "/" + channel) == null) {
			return this.responses.errorBody(400, "the request was invalid or cannot be otherwise served");
		}
		from.links().put(name, key + "/" + channel);
		if (body.path("subscribe").asBoolean(false)) {
			ChannelKeys.Key found = this.keys.find(key);
			BrokerTopics.Parsed parsed = BrokerTopics.parse(key + "/" + channel);
			if (found != null && found.allows('r') && parsed != null && found.covers(parsed.channel())) {
				this.router.addSubscription(from, parsed.channel(), null);
			}
		}
		ObjectNode response = this.responses.ok();
		response.put("name", name);
		response.put("channel", channel);
		return response;
	}

	private ObjectNode me(BrokerConnection from) {
		ObjectNode response = this.responses.ok();
		response.put("id", from.id());
		ObjectNode links = response.putObject("links");
		from.links().forEach((name, target) -> links.put(name, target.substring(target.indexOf('/') + 1)));
		return response;
	}

}
