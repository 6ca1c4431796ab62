package dev.pubsub.test.emitter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Emitter routing of the embedded broker: key checks, prefix matching, share groups, ttl
 * storage with {@code last} replay, {@code me=0}, links, and presence notifications to the
 * connections that follow a channel. Topics are parsed by {@link BrokerTopics}; the
 * {@code emitter/} requests (keygen, presence, link, me) are answered by {@link BrokerRequests}.
 */
final class EmitterRouter {

	static final int MAX_PACKET_SIZE = 65_536;

	private final ChannelKeys keys;

	private final BrokerResponses responses = new BrokerResponses();

	private final BrokerRequests requests;

	private final Set<BrokerConnection> connections = ConcurrentHashMap.newKeySet();

	private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();

	private final List<Stored> store = new CopyOnWriteArrayList<>();

	private final List<Follow> follows = new CopyOnWriteArrayList<>();

	EmitterRouter(ChannelKeys keys) {
		this.keys = keys;
		this.requests = new BrokerRequests(keys, this.responses, this);
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
		BrokerTopics.Parsed parsed = BrokerTopics.parse(topic);
		if (parsed == null) {
			this.responses.error(from, 400, "the request was invalid or cannot be otherwise served", packetId);
			return;
		}
		if (parsed.wildcard()) {
			this.responses.error(from, 403,
					"the request is understood, but it has been refused or access is not allowed", packetId);
			return;
		}
		if ("emitter".equals(parsed.key())) {
			this.requests.handle(from, topic, parsed, payload, packetId);
			return;
		}
		ChannelKeys.Key key = this.keys.find(parsed.key());
		if (key == null || !key.allows('w') || !key.covers(parsed.channel())) {
			this.responses.error(from, 401, "the security key provided is not authorized to perform this operation",
					packetId);
			return;
		}
		if (key.allows('e')) {
			this.responses.error(from, 401,
					"the security key with extend permission can only be used for private links", packetId);
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
			if (sub.connection() == excluded || !BrokerTopics.matches(sub.channel(), channel)) {
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

	void deliverFromBroker(String channel, byte[] payload) {
		deliver(channel, payload, null);
	}

	boolean hasSubscriber(String channel) {
		return this.subscriptions.stream().anyMatch((sub) -> BrokerTopics.matches(sub.channel(), channel));
	}

	// ---- subscribe ----

	boolean subscribe(BrokerConnection from, String filter, int packetId) {
		String topic = filter.replace("#", "#/").replace("//", "/");
		BrokerTopics.Parsed parsed = BrokerTopics.parse(topic);
		if (parsed == null) {
			this.responses.error(from, 400, "the request was invalid or cannot be otherwise served", packetId);
			return false;
		}
		if ("emitter".equals(parsed.key())) {
			return true;
		}
		ChannelKeys.Key key = this.keys.find(parsed.key());
		if (key == null || !key.allows('r') || !key.covers(parsed.channel())) {
			this.responses.error(from, 401, "the security key provided is not authorized to perform this operation",
					packetId);
			return false;
		}
		if (key.allows('e')) {
			this.responses.error(from, 401,
					"the security key with extend permission can only be used for private links", packetId);
			return false;
		}
		String channel = parsed.channel().endsWith("#/")
				? parsed.channel().substring(0, parsed.channel().length() - 2) : parsed.channel();
		addSubscription(from, channel, parsed.group());
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
			if (stored.expires().isAfter(now) && BrokerTopics.matches(channel, stored.channel())) {
				matching.add(stored);
			}
		}
		for (Stored stored : matching.subList(Math.max(0, matching.size() - last), matching.size())) {
			to.send(stored.channel(), stored.payload());
		}
	}

	void unsubscribe(BrokerConnection from, String filter, int packetId) {
		BrokerTopics.Parsed parsed = BrokerTopics.parse(filter);
		if (parsed == null) {
			this.responses.error(from, 400, "the request was invalid or cannot be otherwise served", packetId);
			return;
		}
		for (Sub sub : this.subscriptions) {
			if (sub.connection() == from && sub.channel().equals(parsed.channel())
					&& Objects.equals(sub.group(), parsed.group())) {
				this.subscriptions.remove(sub);
				presenceChange("unsubscribe", sub.channel(), from);
			}
		}
	}

	// ---- for the requests ----

	/**
	 * Subscribe a connection to a channel and tell the channel's followers.
	 * @param from the connection
	 * @param channel the channel
	 * @param group the share group, or {@code null}
	 */
	void addSubscription(BrokerConnection from, String channel, @Nullable String group) {
		this.subscriptions.add(new Sub(from, channel, group));
		presenceChange("subscribe", channel, from);
	}

	/**
	 * Return the connections subscribed to exactly this channel, once per subscription.
	 * @param channel the channel
	 * @return the connections
	 */
	List<BrokerConnection> subscribersOf(String channel) {
		List<BrokerConnection> subscribers = new ArrayList<>();
		for (Sub sub : this.subscriptions) {
			if (sub.channel().equals(channel)) {
				subscribers.add(sub.connection());
			}
		}
		return subscribers;
	}

	/**
	 * Start or stop sending a connection the presence changes of a channel.
	 * @param from the connection
	 * @param channel the channel
	 * @param follow {@code true} to start
	 */
	void follow(BrokerConnection from, String channel, boolean follow) {
		this.follows.removeIf((existing) -> existing.connection() == from && existing.channel().equals(channel));
		if (follow) {
			this.follows.add(new Follow(from, channel));
		}
	}

	private void presenceChange(String event, String channel, BrokerConnection who) {
		if (this.follows.isEmpty()) {
			return;
		}
		ObjectNode notification = this.responses.json().createObjectNode();
		notification.put("time", Instant.now().getEpochSecond());
		notification.put("event", event);
		notification.put("channel", channel);
		notification.set("who", this.responses.member(who));
		byte[] payload = this.responses.json().writeValueAsBytes(notification);
		for (Follow follow : this.follows) {
			if (follow.channel().equals(channel)) {
				follow.connection().send("emitter/presence/", payload);
			}
		}
	}

	private record Sub(BrokerConnection connection, String channel, @Nullable String group) {
	}

	private record Stored(String channel, byte[] payload, Instant expires) {
	}

	private record Follow(BrokerConnection connection, String channel) {
	}

}
