package dev.pubsub.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Header names common to every provider, and an immutable header map. Providers add their own
 * headers under the {@code pubsub_<provider>_} prefix.
 */
public final class PubSubHeaders {

	/** Prefix of every header this library sets. */
	public static final String PREFIX = "pubsub_";

	/** The name of the client that received the message. */
	public static final String CLIENT = PREFIX + "client";

	/** The topic or channel the message arrived on. */
	public static final String TOPIC = PREFIX + "topic";

	/** The message type or event name, where the protocol has one. */
	public static final String MESSAGE_TYPE = PREFIX + "messageType";

	/** The routing key that {@code @PubSubListener} patterns were matched against. */
	public static final String ROUTING_KEY = PREFIX + "routingKey";

	/** The message id, where the protocol has one. */
	public static final String MESSAGE_ID = PREFIX + "messageId";

	/** {@code true} when the message arrived compressed (Realtime: as a binary frame). */
	public static final String COMPRESSED = PREFIX + "compressed";

	/** When the client received the message, as an {@link java.time.Instant}. */
	public static final String RECEIVED_AT = PREFIX + "receivedAt";

	/** The identity of the sender, where the protocol tells it. */
	public static final String SENDER = PREFIX + "sender";

	/**
	 * The trace-propagation fields the message carried (for example W3C {@code traceparent} and
	 * {@code tracestate}), as an unmodifiable {@code Map<String, String>}, where the protocol
	 * carries them (httppubsub's {@code tracing} field). The {@code pubsub.listener} observation
	 * reads its parent from them.
	 */
	public static final String TRACING = PREFIX + "tracing";

	private static final PubSubHeaders EMPTY = new PubSubHeaders(Map.of());

	private final Map<String, Object> headers;

	private PubSubHeaders(Map<String, Object> headers) {
		this.headers = headers;
	}

	/**
	 * Create headers from a map; {@code null} values are left out.
	 * @param headers the headers
	 * @return immutable headers
	 */
	public static PubSubHeaders of(Map<String, ? extends @Nullable Object> headers) {
		Map<String, Object> copy = new LinkedHashMap<>();
		headers.forEach((key, value) -> {
			if (value != null) {
				copy.put(key, value);
			}
		});
		return new PubSubHeaders(Collections.unmodifiableMap(copy));
	}

	/**
	 * Empty headers.
	 * @return the empty headers
	 */
	public static PubSubHeaders empty() {
		return EMPTY;
	}

	/**
	 * Wrap a map the caller hands over and never changes again, without copying it.
	 * @param headers the headers, without {@code null} values
	 * @return immutable headers
	 */
	static PubSubHeaders wrap(Map<String, Object> headers) {
		return new PubSubHeaders(Collections.unmodifiableMap(headers));
	}

	/**
	 * Return a header value.
	 * @param name the header name
	 * @return the value, or {@code null}
	 */
	public @Nullable Object get(String name) {
		return this.headers.get(name);
	}

	/**
	 * Return the headers as an unmodifiable map.
	 * @return the map
	 */
	public Map<String, Object> asMap() {
		return this.headers;
	}

	@Override
	public String toString() {
		return this.headers.keySet().toString();
	}

}
