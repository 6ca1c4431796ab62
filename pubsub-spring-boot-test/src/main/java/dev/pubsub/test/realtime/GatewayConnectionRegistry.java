package dev.pubsub.test.realtime;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * The gateway's connections: open ones by WebSocket session and by connection id, every connection since
 * the start (for inspection), and the subscribers of each topic. Thread-safe.
 */
final class GatewayConnectionRegistry {

	private final Map<String, GatewayConnection> bySession = new ConcurrentHashMap<>();

	private final Map<String, GatewayConnection> byId = new ConcurrentHashMap<>();

	private final List<GatewayConnection> history = new CopyOnWriteArrayList<>();

	private final Map<String, Set<GatewayConnection>> subscribers = new ConcurrentHashMap<>();

	void register(String sessionId, GatewayConnection connection) {
		this.bySession.put(sessionId, connection);
		this.byId.put(connection.id(), connection);
		this.history.add(connection);
	}

	@Nullable GatewayConnection bySession(String sessionId) {
		return this.bySession.get(sessionId);
	}

	@Nullable GatewayConnection removeSession(String sessionId) {
		return this.bySession.remove(sessionId);
	}

	/**
	 * Forget a closed connection: no longer reachable by id, subscribed to nothing.
	 * @param connection the connection
	 */
	void unregister(GatewayConnection connection) {
		this.byId.remove(connection.id(), connection);
		for (String topic : connection.subscriptions()) {
			removeSubscriber(topic, connection);
		}
		connection.clearSubscriptions();
	}

	/**
	 * Add a subscriber of a topic; undone at once if the connection closed meanwhile.
	 * @param topic the topic
	 * @param connection the subscriber
	 */
	void addSubscriber(String topic, GatewayConnection connection) {
		this.subscribers.computeIfAbsent(topic, (key) -> ConcurrentHashMap.newKeySet()).add(connection);
		if (!connection.isOpen()) {
			removeSubscriber(topic, connection);
		}
	}

	void removeSubscriber(String topic, GatewayConnection connection) {
		this.subscribers.computeIfPresent(topic, (key, set) -> {
			set.remove(connection);
			return set.isEmpty() ? null : set;
		});
	}

	/**
	 * The connections a delivery to {@code topic} goes to: its subscribers, or for {@code priv/<id>} the
	 * open connection {@code id}.
	 * @param topic the topic
	 * @return a snapshot
	 */
	Collection<GatewayConnection> targets(String topic) {
		if (topic.startsWith(RealtimeGatewayHandler.PRIVATE_PREFIX)) {
			GatewayConnection owner = this.byId.get(topic.substring(RealtimeGatewayHandler.PRIVATE_PREFIX.length()));
			return (owner != null) ? List.of(owner) : List.of();
		}
		Set<GatewayConnection> set = this.subscribers.get(topic);
		return (set != null) ? new ArrayList<>(set) : List.of();
	}

	@Nullable GatewayConnection connection(String id) {
		GatewayConnection open = this.byId.get(id);
		if (open != null) {
			return open;
		}
		for (GatewayConnection connection : this.history) {
			if (connection.id().equals(id)) {
				return connection;
			}
		}
		return null;
	}

	@Nullable GatewayConnection openConnection(String id) {
		GatewayConnection connection = connection(id);
		return (connection != null && connection.isOpen()) ? connection : null;
	}

	List<GatewayConnection> openConnections() {
		List<GatewayConnection> open = new ArrayList<>();
		for (GatewayConnection connection : this.history) {
			if (connection.isOpen()) {
				open.add(connection);
			}
		}
		return open;
	}

	List<GatewayConnection> allConnections() {
		return List.copyOf(this.history);
	}

}
