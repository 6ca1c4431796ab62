package dev.pubsub.test.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubMessage;

/**
 * The server side of the provider contract: one provider's server (usually its embedded, protocol-faithful
 * test server) with the fault hooks the kit needs. The kit never touches the client through anything but
 * {@link dev.pubsub.core.PubSubClient} and the {@code pubsub.clients.<name>.*} properties; everything
 * provider specific (how to connect, what topic and patterns to use, how to misbehave) lives here.
 * <p>
 * The kit creates one peer per test through the test class's {@code createPeer()}, calls {@link #start()}
 * before the client connects and {@link #stop()} after the client is closed. All contract messages carry a
 * JSON object payload {@code {"id": "<id>"}} on one contract topic, so the kit identifies every message by
 * its id.
 * <p>
 * A hook a provider's server cannot offer by design is declared through {@link #limitation(ContractPoint)};
 * hooks of a declared point are never called.
 */
public interface ContractPeer extends AutoCloseable {

	/**
	 * Start the server; it accepts connections when this method returns.
	 */
	void start();

	/**
	 * Stop the server and close every connection. Called once, after the client was closed.
	 */
	void stop();

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	default void close() {
		stop();
	}

	/**
	 * The properties that point client {@code clientName} at this server: {@code pubsub.clients.<name>.type}
	 * and whatever the provider needs to connect (URL, credentials, frame limits). The kit adds the
	 * reconnect, inbound budget and listener properties of each test itself.
	 * @param clientName the client's name
	 * @return the properties, keyed by their full name
	 */
	Map<String, Object> clientProperties(String clientName);

	/**
	 * A routing-key pattern, in the provider's syntax, that matches every message {@link #publish(String)},
	 * {@link #flood} and {@link #floodLarge} send.
	 * @return the pattern
	 */
	String pattern();

	/**
	 * Two different patterns that both match every contract message (for example {@code orders.*} and
	 * {@code orders.created}), for the overlapping-patterns contract.
	 * @return two patterns
	 */
	List<String> overlappingPatterns();

	/**
	 * Whether the server holds a live subscription of a client connection to the contract topic, so that a
	 * message published now is delivered (the server has seen the subscribe after the latest restore).
	 * @return whether a subscriber is registered
	 */
	boolean hasSubscriber();

	/**
	 * Publish one contract message, {@code {"id": id}}, to the subscribers of the contract topic, returning
	 * once the server has handed it to them.
	 * @param id the message's id
	 */
	void publish(String id);

	/**
	 * The id of a received contract message. The default reads the {@code id} field of the JSON payload.
	 * @param message a message the client received
	 * @return its id
	 */
	default String idOf(PubSubMessage message) {
		return message.payloadAsJson().get("id").asString();
	}

	/**
	 * Drop every client connection the way a crashed server or a broken network does (no close handshake
	 * where the transport allows it), and forget their subscriptions at once, so that {@link #hasSubscriber()}
	 * reports {@code false} until a client has restored.
	 * @return how many connections were dropped
	 */
	int dropAllConnections();

	/**
	 * Turn the accept-then-close mode on or off: while on, every new connection is accepted (the handshake
	 * completes) and closed again right away.
	 * @param enabled whether new connections are closed after the handshake
	 */
	void acceptThenClose(boolean enabled);

	/**
	 * When the server accepted each connection since it started, oldest first, as measured by the server.
	 * @return the accept times
	 */
	List<Instant> acceptTimes();

	/**
	 * Send {@code count} frames that are not valid for the protocol to every client connection.
	 * @param count how many frames
	 * @return how many of them the client must count as malformed
	 * ({@link dev.pubsub.core.PubSubClientMetrics#malformed()})
	 */
	int sendGarbage(int count);

	/**
	 * Send {@code count} frames larger than the client's frame limit (as configured by
	 * {@link #clientProperties(String)}) to every client connection.
	 * @param count how many frames
	 * @return how many of them the client must count as malformed; {@code 0} where the protocol closes the
	 * connection instead (the kit then waits for the client to restore)
	 */
	int sendOversized(int count);

	/**
	 * The largest inbound message the client accepts, as configured by {@link #clientProperties(String)}: the
	 * "one frame" of the rule "the client holds at most its byte budget plus one frame".
	 * @return bytes
	 */
	long maxInboundMessageBytes();

	/**
	 * Publish small contract messages with ids {@code idPrefix + 0, 1, 2, ...} as fast as the server can,
	 * for {@code duration}, then return how many were sent. A server whose writes block while the client
	 * does not read (TCP back-pressure) ignores {@code delivered}; a server that would otherwise queue without
	 * bound, or drop a slow consumer by design, stays at most a bounded window ahead of it, as flow control
	 * would.
	 * @param idPrefix the id prefix
	 * @param duration how long to flood
	 * @param delivered how many flood messages the client has handed to its handler so far
	 * @return how many messages were sent, all of which the client must receive
	 */
	long flood(String idPrefix, Duration duration, LongSupplier delivered);

	/**
	 * Stop reading the client's frames, publish {@code count} contract messages of about {@code size} bytes
	 * each (ids {@code idPrefix + 0 ... count - 1}, the padding in another field of the payload object), then
	 * read again. Returns once every message was handed to the transport.
	 * @param idPrefix the id prefix
	 * @param count how many messages
	 * @param size the approximate payload size in bytes
	 * @param delivered how many of them the client has handed to its handler so far (see {@link #flood})
	 * @return how many messages were sent
	 */
	int floodLarge(String idPrefix, int count, int size, LongSupplier delivered);

	/**
	 * Declare that this provider cannot meet a contract point by design, with the reason (also written in
	 * {@code docs/design.md}). The kit reports the point's tests as aborted with the reason. The default
	 * declares nothing.
	 * @param point the contract point
	 * @return the reason, or {@code null} when the provider meets the point
	 */
	default @Nullable String limitation(ContractPoint point) {
		return null;
	}

	/**
	 * Describe the server's view (connections, subscriptions, deliveries, failures), added to the message
	 * of a kit assertion that timed out. The default describes nothing.
	 * @return the description, or an empty string
	 */
	default String describe() {
		return "";
	}

}
