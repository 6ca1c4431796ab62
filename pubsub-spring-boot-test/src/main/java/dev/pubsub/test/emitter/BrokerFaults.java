package dev.pubsub.test.emitter;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Fault hooks of an {@link EmbeddedEmitterBroker} for the provider contract kit and hostile-broker tests:
 * server-side publishes, subscription checks, dropping every connection, accept-then-close, the times
 * connections were accepted, and suspended reading. Get it with {@link EmbeddedEmitterBroker#faults()}.
 */
public final class BrokerFaults {

	private final EmitterRouter router;

	private final List<Instant> accepted = new CopyOnWriteArrayList<>();

	private volatile boolean acceptThenClose;

	BrokerFaults(EmitterRouter router) {
		this.router = router;
	}

	/**
	 * Deliver a message from the broker itself to every connection subscribed to a matching channel, once
	 * per connection, as a publish by another client would (no key check, nothing stored).
	 * @param channel the channel, e.g. {@code a/b/}
	 * @param payload the payload
	 */
	public void publish(String channel, byte[] payload) {
		this.router.deliverFromBroker(channel, payload);
	}

	/**
	 * Whether any connection holds a subscription that matches the channel.
	 * @param channel the channel
	 * @return whether a subscriber exists
	 */
	public boolean hasSubscriber(String channel) {
		return this.router.hasSubscriber(channel);
	}

	/**
	 * Close every connection's socket without a DISCONNECT and forget its subscriptions at once.
	 * @return how many connections were dropped
	 */
	public int dropAll() {
		int count = 0;
		for (BrokerConnection connection : this.router.connections()) {
			connection.close();
			this.router.closed(connection);
			count++;
		}
		return count;
	}

	/**
	 * Turn accept-then-close on or off: while on, the broker closes each new TCP connection as soon as it
	 * accepted it, before any MQTT packet.
	 * @param enabled whether to close new connections at once
	 */
	public void acceptThenClose(boolean enabled) {
		this.acceptThenClose = enabled;
	}

	/**
	 * When each TCP connection was accepted, oldest first.
	 * @return the accept times
	 */
	public List<Instant> acceptTimes() {
		return List.copyOf(this.accepted);
	}

	/**
	 * Stop reading the packets of every open connection: the client's packets (acks, pings) stay in the
	 * socket while the broker keeps writing.
	 */
	public void suspendReading() {
		this.router.connections().forEach((connection) -> connection.readingSuspended(true));
	}

	/**
	 * Read the packets of every open connection again.
	 */
	public void resumeReading() {
		this.router.connections().forEach((connection) -> connection.readingSuspended(false));
	}

	/**
	 * Record an accepted connection.
	 * @return whether to close it at once
	 */
	boolean accepted() {
		this.accepted.add(Instant.now());
		return this.acceptThenClose;
	}

}
