package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.pubsub.core.PubSubProtocolException;

/**
 * The websocket (stateful) variant of the lonelypsp protocol, served by the broadcaster at
 * {@code GET /v1/websocket}. Every binary message is {@code u16 flags, u16 type, headers, body}.
 * With the minimal-headers flag (bit 0) the headers are {@code str16} values in an order fixed per
 * type; without it they are {@code u16 count} and that many {@code (str16 name, str16 value)}
 * pairs. Integer header values are big-endian and minimal (zero is the empty string).
 */
public final class WebsocketFrames {

	/** Flag bit: headers are values only, in the type's fixed order. */
	public static final int FLAG_MINIMAL_HEADERS = 1;

	/** Subscriber to broadcaster: first message of a connection. */
	public static final int CONFIGURE = 1;

	/** Subscriber to broadcaster: subscribe to an exact topic. */
	public static final int SUBSCRIBE_EXACT = 2;

	/** Subscriber to broadcaster: subscribe to a glob. */
	public static final int SUBSCRIBE_GLOB = 3;

	/** Subscriber to broadcaster: unsubscribe from an exact topic. */
	public static final int UNSUBSCRIBE_EXACT = 4;

	/** Subscriber to broadcaster: unsubscribe from a glob. */
	public static final int UNSUBSCRIBE_GLOB = 5;

	/** Subscriber to broadcaster: a whole notification in one message. */
	public static final int NOTIFY = 6;

	/** Subscriber to broadcaster: one part of a notification. */
	public static final int NOTIFY_STREAM = 7;

	/** Subscriber to broadcaster: ready for the next part of a received message. */
	public static final int CONTINUE_RECEIVE = 8;

	/** Subscriber to broadcaster: a received message was processed. */
	public static final int CONFIRM_RECEIVE = 9;

	/** Broadcaster to subscriber: answer to CONFIGURE with the broadcaster's nonce. */
	public static final int CONFIRM_CONFIGURE = 1;

	/** Broadcaster to subscriber: exact subscription confirmed. */
	public static final int CONFIRM_SUBSCRIBE_EXACT = 2;

	/** Broadcaster to subscriber: glob subscription confirmed. */
	public static final int CONFIRM_SUBSCRIBE_GLOB = 3;

	/** Broadcaster to subscriber: exact unsubscription confirmed. */
	public static final int CONFIRM_UNSUBSCRIBE_EXACT = 4;

	/** Broadcaster to subscriber: glob unsubscription confirmed. */
	public static final int CONFIRM_UNSUBSCRIBE_GLOB = 5;

	/** Broadcaster to subscriber: a notification reached its subscribers. */
	public static final int CONFIRM_NOTIFY = 6;

	/** Broadcaster to subscriber: ready for the next part of a notification. */
	public static final int CONTINUE_NOTIFY = 7;

	/** Broadcaster to subscriber: one part of a message on a subscribed topic. */
	public static final int RECEIVE_STREAM = 8;

	/** Broadcaster to subscriber: enable a preset zstd dictionary. */
	public static final int ENABLE_ZSTD_PRESET = 9;

	/** Broadcaster to subscriber: enable a trained zstd dictionary. */
	public static final int ENABLE_ZSTD_CUSTOM = 10;

	/** Broadcaster to subscriber: disable a trained zstd dictionary. */
	public static final int DISABLE_ZSTD_CUSTOM = 11;

	/** Broadcaster to subscriber: messages on a topic may have been missed. */
	public static final int MISSED = 12;

	static final List<String> CONFIGURE_HEADERS = List.of("x-subscriber-nonce", "x-enable-zstd", "x-enable-training",
			"x-initial-dict", "authorization", "x-tracing");

	static final List<String> SUBSCRIBE_EXACT_HEADERS = List.of("authorization", "x-tracing", "x-topic");

	static final List<String> SUBSCRIBE_GLOB_HEADERS = List.of("authorization", "x-tracing", "x-glob");

	static final List<String> NOTIFY_HEADERS = List.of("authorization", "x-tracing", "x-identifier", "x-topic",
			"x-compressor", "x-compressed-length", "x-decompressed-length", "x-compressed-sha512");

	static final List<String> STREAM_HEADERS = List.of("authorization", "x-tracing", "x-identifier", "x-part-id");

	static final List<String> STREAM_START_HEADERS = List.of("authorization", "x-tracing", "x-identifier",
			"x-part-id", "x-topic", "x-compressor", "x-compressed-length", "x-decompressed-length",
			"x-compressed-sha512");

	static final List<String> CONTINUE_HEADERS = List.of("x-identifier", "x-part-id", "authorization", "x-tracing");

	static final List<String> CONFIRM_RECEIVE_HEADERS = List.of("x-identifier", "authorization", "x-tracing",
			"x-num-subscribers");

	private WebsocketFrames() {
	}

	// ---- encoding (subscriber to broadcaster) ------------------------------------------------

	/**
	 * Encode a message (subscriber to broadcaster, or broadcaster to subscriber with
	 * {@link #broadcasterHeaderNames} as the names).
	 * @param type the message type
	 * @param minimal whether to write minimal headers
	 * @param names the header names, in the type's minimal order
	 * @param values the header values
	 * @param payload the body
	 * @return the websocket message
	 */
	public static byte[] encode(int type, boolean minimal, List<String> names, byte[][] values, byte[] payload) {
		if (names.size() != values.length) {
			throw new IllegalArgumentException(names.size() + " header names but " + values.length + " values");
		}
		WireWriter writer = new WireWriter(64 + payload.length + 64 * values.length)
			.u16(minimal ? FLAG_MINIMAL_HEADERS : 0)
			.u16(type);
		if (!minimal) {
			writer.u16(values.length);
		}
		for (int i = 0; i < values.length; i++) {
			if (!minimal) {
				writer.str16(names.get(i).getBytes(StandardCharsets.US_ASCII));
			}
			writer.str16(values[i]);
		}
		return writer.bytes(payload).toByteArray();
	}

	/**
	 * Encode an unsigned integer as the protocol's minimal big-endian header value.
	 * @param value the value, not negative
	 * @return the bytes (empty for zero)
	 */
	public static byte[] minimalUnsigned(long value) {
		if (value < 0) {
			throw new IllegalArgumentException("value " + value + " is negative");
		}
		int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
		byte[] bytes = new byte[length];
		for (int i = length - 1; i >= 0; i--) {
			bytes[i] = (byte) value;
			value >>>= 8;
		}
		return bytes;
	}

	static byte[] utf8(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	// ---- decoding (broadcaster to subscriber) -------------------------------------------------

	/**
	 * Decode a broadcaster-to-subscriber message.
	 * @param message the websocket message
	 * @return the frame
	 * @throws PubSubProtocolException if the message is truncated or of an unknown type
	 */
	public static WebsocketFrame decode(byte[] message) {
		return decode(message, false);
	}

	/**
	 * Decode a subscriber-to-broadcaster message (what a broadcaster reads; the embedded test
	 * broadcaster uses it).
	 * @param message the websocket message
	 * @return the frame
	 * @throws PubSubProtocolException if the message is truncated or of an unknown type
	 */
	public static WebsocketFrame decodeFromSubscriber(byte[] message) {
		return decode(message, true);
	}

	private static WebsocketFrame decode(byte[] message, boolean fromSubscriber) {
		WireReader reader = new WireReader(message);
		int flags = reader.u16("flags");
		int type = reader.u16("type");
		Map<String, byte[]> headers = ((flags & FLAG_MINIMAL_HEADERS) != 0)
				? minimalHeaders(type, fromSubscriber, reader) : expandedHeaders(reader);
		return new WebsocketFrame(type, headers, reader.bytes(reader.remaining(), "body"));
	}

	/**
	 * The header names of a broadcaster-to-subscriber type, in the order of its minimal headers.
	 * @param type the broadcaster-to-subscriber type
	 * @param streamStart for {@link #RECEIVE_STREAM}: whether the names of the first part (which adds
	 * the topic, compressor, lengths and SHA-512) are wanted
	 * @return the names
	 * @throws PubSubProtocolException if the type is unknown
	 */
	public static List<String> broadcasterHeaderNames(int type, boolean streamStart) {
		return switch (type) {
			case CONFIRM_CONFIGURE -> List.of("x-broadcaster-nonce", "authorization", "x-tracing");
			case CONFIRM_SUBSCRIBE_EXACT, CONFIRM_UNSUBSCRIBE_EXACT -> List.of("x-topic", "authorization", "x-tracing");
			case CONFIRM_SUBSCRIBE_GLOB, CONFIRM_UNSUBSCRIBE_GLOB -> List.of("x-glob", "authorization", "x-tracing");
			case CONFIRM_NOTIFY -> List.of("x-identifier", "x-subscribers", "authorization", "x-tracing");
			case CONTINUE_NOTIFY -> CONTINUE_HEADERS;
			case RECEIVE_STREAM -> streamStart ? STREAM_START_HEADERS : STREAM_HEADERS;
			case ENABLE_ZSTD_PRESET -> List.of("x-identifier", "x-compression-level", "x-min-size", "x-max-size",
					"authorization", "x-tracing");
			case ENABLE_ZSTD_CUSTOM -> List.of("x-identifier", "x-compression-level", "x-min-size", "x-max-size",
					"authorization", "x-tracing", "x-sha512");
			case DISABLE_ZSTD_CUSTOM -> List.of("x-identifier", "authorization", "x-tracing");
			case MISSED -> List.of("authorization", "x-tracing", "x-topic");
			default -> throw new PubSubProtocolException("Unknown broadcaster message type " + type);
		};
	}

	/**
	 * The header names of a subscriber-to-broadcaster type, in the order of its minimal headers.
	 * @param type the subscriber-to-broadcaster type
	 * @param streamStart for {@link #NOTIFY_STREAM}: whether the names of the first part are wanted
	 * @return the names
	 * @throws PubSubProtocolException if the type is unknown
	 */
	public static List<String> subscriberHeaderNames(int type, boolean streamStart) {
		return switch (type) {
			case CONFIGURE -> CONFIGURE_HEADERS;
			case SUBSCRIBE_EXACT, UNSUBSCRIBE_EXACT -> SUBSCRIBE_EXACT_HEADERS;
			case SUBSCRIBE_GLOB, UNSUBSCRIBE_GLOB -> SUBSCRIBE_GLOB_HEADERS;
			case NOTIFY -> NOTIFY_HEADERS;
			case NOTIFY_STREAM -> streamStart ? STREAM_START_HEADERS : STREAM_HEADERS;
			case CONTINUE_RECEIVE -> CONTINUE_HEADERS;
			case CONFIRM_RECEIVE -> CONFIRM_RECEIVE_HEADERS;
			default -> throw new PubSubProtocolException("Unknown subscriber message type " + type);
		};
	}

	private static Map<String, byte[]> minimalHeaders(int type, boolean fromSubscriber, WireReader reader) {
		List<String> names = fromSubscriber ? subscriberHeaderNames(type, false) : broadcasterHeaderNames(type, false);
		Map<String, byte[]> headers = new HashMap<>();
		for (String name : names) {
			headers.put(name, reader.str16(name));
		}
		int streamType = fromSubscriber ? NOTIFY_STREAM : RECEIVE_STREAM;
		if (type == streamType && unsigned(headers, "x-part-id", 8) == 0) {
			for (String name : STREAM_START_HEADERS.subList(STREAM_HEADERS.size(), STREAM_START_HEADERS.size())) {
				headers.put(name, reader.str16(name));
			}
		}
		return headers;
	}

	private static Map<String, byte[]> expandedHeaders(WireReader reader) {
		int count = reader.u16("header count");
		Map<String, byte[]> headers = new HashMap<>();
		for (int i = 0; i < count; i++) {
			String name = new String(reader.str16("header name"), StandardCharsets.US_ASCII)
				.toLowerCase(java.util.Locale.ROOT);
			headers.put(name, reader.str16(name));
		}
		return headers;
	}

	static long unsigned(Map<String, byte[]> headers, String name, int maxBytes) {
		byte[] value = headers.get(name);
		if (value == null) {
			throw new PubSubProtocolException("Missing header " + name);
		}
		if (value.length > maxBytes) {
			throw new PubSubProtocolException("Header " + name + " is " + value.length + " bytes; at most "
					+ maxBytes + " allowed");
		}
		long result = 0;
		for (byte b : value) {
			result = (result << 8) | (b & 0xFF);
		}
		if (result < 0) {
			throw new PubSubProtocolException("Header " + name + " exceeds 2^63-1");
		}
		return result;
	}

}
