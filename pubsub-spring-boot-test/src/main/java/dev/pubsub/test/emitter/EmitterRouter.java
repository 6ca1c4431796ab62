package dev.pubsub.test.emitter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Emitter semantics of the embedded broker: topic parsing, key checks, prefix matching, share
 * groups, ttl storage with {@code last} replay, {@code me=0}, links, presence, and the
 * {@code emitter/} requests (keygen, presence, link, me), answered to the requesting connection on
 * the request topic with {@code req} = the request's packet id.
 */
final class EmitterRouter {

	static final int MAX_PACKET_SIZE = 65_536;

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9\\-.:_$\\[\\\\\\]^`]+|\\+|#");

	private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9]+");

	private static final Pattern LINK = Pattern.compile("[A-Za-z0-9]{1,2}");

	private final ChannelKeys keys;

	private final JsonMapper json = JsonMapper.builder().build();

	private final Set<BrokerConnection> connections = ConcurrentHashMap.newKeySet();

	private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();

	private final List<Stored> store = new CopyOnWriteArrayList<>();

	private final List<Follow> follows = new CopyOnWriteArrayList<>();

	EmitterRouter(ChannelKeys keys) {
		this.keys = keys;
	}

	void opened(BrokerConnection connection) {
		this.connections.add(connection);
	}

	void closed(BrokerConnection connection) {
		if (!this.connections.remove(connection)) {
			return;
		}
		for (Sub sub : this.subscriptions) {
			if (sub.connection() == connection) {
				this.subscriptions.remove(sub);
				presenceChange("unsubscribe", sub.channel(), connection);
			}
		}
		this.follows.removeIf((follow) -> follow.connection() == connection);
	}

	Set<BrokerConnection> connections() {
		return this.connections;
	}

	void clearStore() {
		this.store.clear();
	}

	// ---- publish ----

	void publish(BrokerConnection from, String rawTopic, byte[] payload, boolean retain, int packetId) {
		String topic = rawTopic;
		String link = from.links().get(rawTopic);
		if (link != null) {
			topic = link;
		}
		Parsed parsed = parse(topic);
		if (parsed == null) {
			error(from, 400, "the request was invalid or cannot be otherwise served", packetId);
			return;
		}
		if (parsed.wildcard()) {
			error(from, 403, "the request is understood, but it has been refused or access is not allowed", packetId);
			return;
		}
		if ("emitter".equals(parsed.key())) {
			request(from, topic, parsed, payload, packetId);
			return;
		}
		ChannelKeys.Key key = this.keys.find(parsed.key());
		if (key == null || !key.allows('w') || !key.covers(parsed.channel())) {
			error(from, 401, "the security key provided is not authorized to perform this operation", packetId);
			return;
		}
		if (key.allows('e')) {
			error(from, 401, "the security key with extend permission can only be used for private links", packetId);
			return;
		}
		long ttl = retain ? 30L * 24 * 3600 : 0;
		String ttlOption = parsed.options().get("ttl");
		if (ttlOption != null && Long.parseLong(ttlOption) > 0) {
			ttl = Long.parseLong(ttlOption);
		}
		if (ttl > 0 && key.allows('s')) {
			this.store.add(new Stored(parsed.channel(), payload, Instant.now().plusSeconds(ttl)));
		}
		boolean excludeMe = "0".equals(parsed.options().get("me"));
		deliver(parsed.channel(), payload, excludeMe ? from : null);
	}

	private void deliver(String channel, byte[] payload, @Nullable BrokerConnection excluded) {
		// like the real broker, every connection receives a message once, however many of its
		// subscriptions match
		Set<BrokerConnection> targets = new LinkedHashSet<>();
		Map<String, List<Sub>> groups = new HashMap<>();
		for (Sub sub : this.subscriptions) {
			if (sub.connection() == excluded || !matches(sub.channel(), channel)) {
				continue;
			}
			if (sub.group() != null) {
				groups.computeIfAbsent(sub.group(), (g) -> new ArrayList<>()).add(sub);
			}
			else {
				targets.add(sub.connection());
			}
		}
		for (List<Sub> members : groups.values()) {
			targets.add(members.get(ThreadLocalRandom.current().nextInt(members.size())).connection());
		}
		for (BrokerConnection target : targets) {
			target.send(channel, payload);
		}
	}

	static boolean matches(String filter, String channel) {
		String[] filterParts = filter.split("/");
		String[] parts = channel.split("/");
		if (parts.length < filterParts.length) {
			return false;
		}
		for (int i = 0; i < filterParts.length; i++) {
			if (!"+".equals(filterParts[i]) && !filterParts[i].equals(parts[i])) {
				return false;
			}
		}
		return true;
	}

	// ---- subscribe ----

	boolean subscribe(BrokerConnection from, String filter, int packetId) {
		String topic = filter.replace("#", "#/").replace("//", "/");
		Parsed parsed = parse(topic);
		if (parsed == null) {
			error(from, 400, "the request was invalid or cannot be otherwise served", packetId);
			return false;
		}
		if ("emitter".equals(parsed.key())) {
			return true;
		}
		ChannelKeys.Key key = this.keys.find(parsed.key());
		if (key == null || !key.allows('r') || !key.covers(parsed.channel())) {
			error(from, 401, "the security key provided is not authorized to perform this operation", packetId);
			return false;
		}
		if (key.allows('e')) {
			error(from, 401, "the security key with extend permission can only be used for private links", packetId);
			return false;
		}
		String channel = parsed.channel().endsWith("#/")
				? parsed.channel().substring(0, parsed.channel().length() - 2) : parsed.channel();
		this.subscriptions.add(new Sub(from, channel, parsed.group()));
		presenceChange("subscribe", channel, from);
		String lastOption = parsed.options().get("last");
		int last = (lastOption != null) ? Integer.parseInt(lastOption) : 1;
		if (key.allows('l') && last > 0) {
			replay(from, channel, last);
		}
		return true;
	}

	private void replay(BrokerConnection to, String channel, int last) {
		Instant now = Instant.now();
		List<Stored> matching = new ArrayList<>();
		for (Stored stored : this.store) {
			if (stored.expires().isAfter(now) && matches(channel, stored.channel())) {
				matching.add(stored);
			}
		}
		for (Stored stored : matching.subList(Math.max(0, matching.size() - last), matching.size())) {
			to.send(stored.channel(), stored.payload());
		}
	}

	void unsubscribe(BrokerConnection from, String filter, int packetId) {
		Parsed parsed = parse(filter);
		if (parsed == null) {
			error(from, 400, "the request was invalid or cannot be otherwise served", packetId);
			return;
		}
		for (Sub sub : this.subscriptions) {
			if (sub.connection() == from && sub.channel().equals(parsed.channel())
					&& java.util.Objects.equals(sub.group(), parsed.group())) {
				this.subscriptions.remove(sub);
				presenceChange("unsubscribe", sub.channel(), from);
			}
		}
	}

	// ---- requests ----

	private void request(BrokerConnection from, String topic, Parsed parsed, byte[] payload, int packetId) {
		String operation = parsed.channel().substring(0, parsed.channel().length() - 1);
		ObjectNode body;
		try {
			JsonNode node = (payload.length == 0) ? this.json.createObjectNode() : this.json.readTree(payload);
			if (!(node instanceof ObjectNode object)) {
				throw new IllegalArgumentException("not an object");
			}
			body = object;
		}
		catch (JacksonException | IllegalArgumentException ex) {
			respond(from, topic, errorBody(400, "the request was invalid or cannot be otherwise served"), packetId);
			return;
		}
		ObjectNode response = switch (operation) {
			case "keygen" -> keygen(from, body);
			case "presence" -> presence(from, body);
			case "link" -> link(from, body);
			case "me" -> me(from);
			default -> errorBody(404, "the resource requested does not exist");
		};
		respond(from, topic, response, packetId);
	}

	private ObjectNode keygen(BrokerConnection from, ObjectNode body) {
		String secret = body.path("key").asString("");
		String channel = body.path("channel").asString("");
		if (!channel.endsWith("/") || parse("k/" + channel) == null) {
			return errorBody(400, "channel should end with `/` for strict types or `/#/` for wildcards");
		}
		String permissions = body.path("type").asString("");
		long ttl = body.path("ttl").asLong(0);
		if (!this.keys.isSecret(secret)) {
			ChannelKeys.Key extendable = this.keys.find(secret);
			if (extendable == null || !extendable.allows('e') || !extendable.covers(channel)) {
				return errorBody(401, "the security key provided is not authorized to perform this operation");
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
		ObjectNode response = ok();
		response.put("key", key.value());
		response.put("channel", key.channel());
		return response;
	}

	private ObjectNode presence(BrokerConnection from, ObjectNode body) {
		String channel = body.path("channel").asString("");
		ChannelKeys.Key key = this.keys.find(body.path("key").asString(""));
		if (key == null || !key.allows('p') || !key.covers(channel)) {
			return errorBody(401, "the security key provided is not authorized to perform this operation");
		}
		JsonNode changes = body.get("changes");
		if (changes != null && changes.isBoolean()) {
			this.follows.removeIf((follow) -> follow.connection() == from && follow.channel().equals(channel));
			if (changes.asBoolean()) {
				this.follows.add(new Follow(from, channel));
			}
		}
		ObjectNode response = ok();
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
		for (Sub sub : this.subscriptions) {
			if (sub.channel().equals(channel)) {
				who.add(member(sub.connection()));
			}
		}
		return response;
	}

	private ObjectNode link(BrokerConnection from, ObjectNode body) {
		String name = body.path("name").asString("");
		if (!LINK.matcher(name).matches()) {
			return errorBody(400, "the link must be an alphanumeric string of 1 or 2 characters");
		}
		String key = body.path("key").asString("");
		String channel = body.path("channel").asString("");
		if (parse(key + "/" + channel) == null) {
			return errorBody(400, "the request was invalid or cannot be otherwise served");
		}
		from.links().put(name, key + "/" + channel);
		if (body.path("subscribe").asBoolean(false)) {
			ChannelKeys.Key found = this.keys.find(key);
			Parsed parsed = parse(key + "/" + channel);
			if (found != null && found.allows('r') && parsed != null && found.covers(parsed.channel())) {
				this.subscriptions.add(new Sub(from, parsed.channel(), null));
				presenceChange("subscribe", parsed.channel(), from);
			}
		}
		ObjectNode response = ok();
		response.put("name", name);
		response.put("channel", channel);
		return response;
	}

	private ObjectNode me(BrokerConnection from) {
		ObjectNode response = ok();
		response.put("id", from.id());
		ObjectNode links = response.putObject("links");
		from.links().forEach((name, target) -> links.put(name, target.substring(target.indexOf('/') + 1)));
		return response;
	}

	private void presenceChange(String event, String channel, BrokerConnection who) {
		if (this.follows.isEmpty()) {
			return;
		}
		ObjectNode notification = this.json.createObjectNode();
		notification.put("time", Instant.now().getEpochSecond());
		notification.put("event", event);
		notification.put("channel", channel);
		notification.set("who", member(who));
		byte[] payload = this.json.writeValueAsBytes(notification);
		for (Follow follow : this.follows) {
			if (follow.channel().equals(channel)) {
				follow.connection().send("emitter/presence/", payload);
			}
		}
	}

	private ObjectNode member(BrokerConnection connection) {
		ObjectNode member = this.json.createObjectNode();
		member.put("id", connection.id());
		if (connection.username() != null && !connection.username().isEmpty()) {
			member.put("username", connection.username());
		}
		return member;
	}

	private ObjectNode ok() {
		ObjectNode response = this.json.createObjectNode();
		response.put("status", 200);
		return response;
	}

	private ObjectNode errorBody(int status, String message) {
		ObjectNode response = this.json.createObjectNode();
		response.put("status", status);
		response.put("message", message);
		return response;
	}

	private void error(BrokerConnection to, int status, String message, int packetId) {
		respond(to, "emitter/error/", errorBody(status, message), packetId);
	}

	private void respond(BrokerConnection to, String topic, ObjectNode response, int packetId) {
		ObjectNode ordered = this.json.createObjectNode();
		if (packetId != 0) {
			ordered.put("req", packetId);
		}
		ordered.setAll(response);
		to.send(topic, this.json.writeValueAsBytes(ordered));
	}

	// ---- topics ----

	static @Nullable Parsed parse(String topic) {
		int slash = topic.indexOf('/');
		if (slash <= 0) {
			return null;
		}
		String key = topic.substring(0, slash);
		String rest = topic.substring(slash + 1);
		Map<String, String> options = new LinkedHashMap<>();
		int query = rest.indexOf('?');
		if (query >= 0) {
			for (String pair : rest.substring(query + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals <= 0 || !OPTION.matcher(pair.substring(0, equals)).matches()
						|| !OPTION.matcher(pair.substring(equals + 1)).matches()) {
					return null;
				}
				options.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
			rest = rest.substring(0, query);
		}
		String group = null;
		if (rest.startsWith("$share/")) {
			int end = rest.indexOf('/', 7);
			if (end < 0) {
				return null;
			}
			group = rest.substring(7, end);
			rest = rest.substring(end + 1);
		}
		if (rest.isEmpty() || !rest.endsWith("/")) {
			return null;
		}
		boolean wildcard = false;
		String[] segments = rest.substring(0, rest.length() - 1).split("/", -1);
		if (segments.length > 23) {
			return null;
		}
		for (String segment : segments) {
			if (!SEGMENT.matcher(segment).matches()) {
				return null;
			}
			wildcard |= "+".equals(segment) || "#".equals(segment);
		}
		return new Parsed(key, rest, options, group, wildcard);
	}

	record Parsed(String key, String channel, Map<String, String> options, @Nullable String group, boolean wildcard) {
	}

	private record Sub(BrokerConnection connection, String channel, @Nullable String group) {
	}

	private record Stored(String channel, byte[] payload, Instant expires) {
	}

	private record Follow(BrokerConnection connection, String channel) {
	}

}
