package dev.pubsub.realtimex;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pubsub.auth.ChannelNames;

/**
 * A channel of {@link DefaultRealtimeXClient}: its bindings, subscription state and presence
 * members. State changes are guarded by the instance monitor.
 */
final class DefaultRealtimeXChannel implements RealtimeXChannel {

	enum State {

		UNSUBSCRIBED, PENDING, SUBSCRIBED, FAILED

	}

	private final String name;

	private final DefaultRealtimeXClient client;

	private final EventBindings bindings = new EventBindings();

	private final List<RealtimeXEventHandler> globalBindings = new CopyOnWriteArrayList<>();

	private final Map<String, JsonNode> members = new ConcurrentHashMap<>();

	private State state = State.UNSUBSCRIBED;

	private CompletableFuture<Void> subscribed = new CompletableFuture<>();

	private boolean explicit;

	private int listenerHolds;

	private volatile @Nullable String me;

	DefaultRealtimeXChannel(String name, DefaultRealtimeXClient client) {
		this.name = name;
		this.client = client;
	}

	@Override
	public String name() {
		return this.name;
	}

	@Override
	public synchronized boolean isSubscribed() {
		return this.state == State.SUBSCRIBED;
	}

	synchronized State state() {
		return this.state;
	}

	@Override
	public synchronized CompletableFuture<Void> whenSubscribed() {
		return this.subscribed;
	}

	/**
	 * A subscribe is under way: pending, members cleared; {@code whenSubscribed()} gets a new
	 * future if the last one is done.
	 */
	synchronized void beginAttempt() {
		if (this.subscribed.isDone()) {
			this.subscribed = new CompletableFuture<>();
		}
		this.state = State.PENDING;
		this.members.clear();
	}

	/**
	 * The server confirmed the subscription on the current connection.
	 * @return {@code false} if it was already confirmed (a repeated answer)
	 */
	synchronized boolean succeeded() {
		if (this.state == State.SUBSCRIBED) {
			return false;
		}
		this.state = State.SUBSCRIBED;
		return true;
	}

	/**
	 * Complete {@code whenSubscribed()}; called after the presence members are in place, so a
	 * caller woken by it sees them.
	 */
	void completeSubscribed() {
		this.subscribed.complete(null);
	}

	/**
	 * The subscribe was refused, failed or not answered in time.
	 * @param cause why
	 * @return {@code false} if the channel is confirmed (the answer is stale)
	 */
	synchronized boolean failed(Throwable cause) {
		if (this.state == State.SUBSCRIBED) {
			return false;
		}
		this.state = State.FAILED;
		this.subscribed.completeExceptionally(cause);
		return true;
	}

	/**
	 * The connection dropped: the subscription must be redone, the pending future stays open for
	 * the next connection.
	 */
	synchronized void connectionLost() {
		this.state = State.UNSUBSCRIBED;
		this.members.clear();
	}

	synchronized void closed(Throwable cause) {
		this.state = State.UNSUBSCRIBED;
		this.members.clear();
		this.subscribed.completeExceptionally(cause);
	}

	/**
	 * Count a hold: {@code subscribe(channel)} (once) or one listener pattern.
	 * @param explicitSubscribe {@code true} for {@code subscribe(channel)}
	 * @return {@code true} if this added a hold (an explicit one is counted once)
	 */
	synchronized boolean hold(boolean explicitSubscribe) {
		if (!explicitSubscribe) {
			this.listenerHolds++;
			return true;
		}
		boolean added = !this.explicit;
		this.explicit = true;
		return added;
	}

	/**
	 * Release a listener's hold.
	 * @return {@code true} if a listener hold was released
	 */
	synchronized boolean releaseListener() {
		if (this.listenerHolds == 0) {
			return false;
		}
		this.listenerHolds--;
		return true;
	}

	/**
	 * Return the holds left: 1 for {@code subscribe(channel)} plus one per listener pattern.
	 * @return the count
	 */
	synchronized int holds() {
		return this.listenerHolds + (this.explicit ? 1 : 0);
	}

	void me(@Nullable String userId) {
		this.me = userId;
	}

	@Override
	public @Nullable String me() {
		return this.me;
	}

	void memberAdded(String userId, JsonNode info) {
		this.members.put(userId, info);
	}

	@Nullable JsonNode memberRemoved(String userId) {
		return this.members.remove(userId);
	}

	@Override
	public Map<String, JsonNode> members() {
		return Map.copyOf(this.members);
	}

	@Override
	public void bind(String event, RealtimeXEventHandler handler) {
		this.bindings.bind(event, handler);
	}

	@Override
	public void unbind(String event, @Nullable RealtimeXEventHandler handler) {
		this.bindings.unbind(event, handler);
	}

	@Override
	public void bindGlobal(RealtimeXEventHandler handler) {
		this.globalBindings.add(handler);
	}

	@Override
	public void unbindGlobal(@Nullable RealtimeXEventHandler handler) {
		if (handler == null) {
			this.globalBindings.clear();
		}
		else {
			this.globalBindings.remove(handler);
		}
	}

	List<RealtimeXEventHandler> handlersFor(String event) {
		List<RealtimeXEventHandler> specific = this.bindings.handlersFor(event);
		if (this.globalBindings.isEmpty()) {
			return specific;
		}
		List<RealtimeXEventHandler> all = new java.util.ArrayList<>(specific);
		all.addAll(this.globalBindings);
		return all;
	}

	@Override
	public void trigger(String event, @Nullable Object data) {
		if (!event.startsWith("client-")) {
			throw new IllegalArgumentException("Client event names must start with 'client-': '" + event + "'");
		}
		if (!ChannelNames.requiresAuth(this.name)) {
			throw new IllegalStateException(
					"Client events are only allowed on private- and presence- channels, not on '" + this.name + "'");
		}
		if (!isSubscribed()) {
			throw new IllegalStateException("Channel '" + this.name + "' is not subscribed");
		}
		this.client.sendClientEvent(this.name, event, data);
	}

	@Override
	public void unsubscribe() {
		this.client.unsubscribe(this.name);
	}

	@Override
	public String toString() {
		return "RealtimeXChannel[" + this.name + ", " + state() + "]";
	}

}
