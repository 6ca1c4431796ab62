package dev.pubsub.core;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A change in a client's connection, delivered to {@link ConnectionListener}s and also published
 * as a {@link PubSubConnectionApplicationEvent}.
 *
 * @param clientName the name of the client
 * @param type what happened
 * @param state the client's state after the event
 * @param attempt the reconnect attempt number (0 when not reconnecting)
 * @param cause the error behind the event, if any
 * @param details provider-specific information (for example the connection id)
 * @param timestamp when it happened
 */
public record ConnectionEvent(String clientName, ConnectionEventType type, ConnectionState state, int attempt,
		@Nullable Throwable cause, Map<String, Object> details, Instant timestamp) {

	public ConnectionEvent {
		details = Map.copyOf(details);
	}

	/**
	 * Create an event stamped now.
	 * @param clientName the client name
	 * @param type the event type
	 * @param state the state after the event
	 * @param attempt the reconnect attempt
	 * @param cause the cause, or {@code null}
	 * @param details provider details
	 * @return the event
	 */
	public static ConnectionEvent of(String clientName, ConnectionEventType type, ConnectionState state, int attempt,
			@Nullable Throwable cause, Map<String, Object> details) {
		return new ConnectionEvent(clientName, type, state, attempt, cause, details, Instant.now());
	}

}
