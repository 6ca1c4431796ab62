package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubProtocolException;

/**
 * The stateless (HTTP) lonelypsp wire protocol: paths, message types, request encoders,
 * response parsers and the fields each message signs. Integers are unsigned big-endian,
 * {@code str16} is a {@code u16} length and bytes; topics are bytes, URLs and globs UTF-8.
 */
public final class HttpPubSubProtocol {

	/** Content type of every request and response body. */
	public static final String CONTENT_TYPE = "application/octet-stream";

	/** Path of notify on the broadcaster. */
	public static final String NOTIFY = "/v1/notify";

	/** Path of subscribe exact. */
	public static final String SUBSCRIBE_EXACT = "/v1/subscribe/exact";

	/** Path of subscribe glob. */
	public static final String SUBSCRIBE_GLOB = "/v1/subscribe/glob";

	/** Path of unsubscribe exact. */
	public static final String UNSUBSCRIBE_EXACT = "/v1/unsubscribe/exact";

	/** Path of unsubscribe glob. */
	public static final String UNSUBSCRIBE_GLOB = "/v1/unsubscribe/glob";

	/** Path of check subscriptions. */
	public static final String CHECK_SUBSCRIPTIONS = "/v1/check_subscriptions";

	/** Path of set subscriptions. */
	public static final String SET_SUBSCRIPTIONS = "/v1/set_subscriptions";

	/** Broadcaster to subscriber: generic response. */
	public static final int RESPONSE_GENERIC = 3;

	/** Broadcaster to subscriber: notify response. */
	public static final int RESPONSE_NOTIFY = 4;

	/** Broadcaster to subscriber: check subscriptions response. */
	public static final int RESPONSE_CHECK_SUBSCRIPTIONS = 5;

	/** Subscriber to broadcaster: confirm receive. */
	public static final int RESPONSE_CONFIRM_RECEIVE = 8;

	/** Subscriber to broadcaster: confirm missed. */
	public static final int RESPONSE_CONFIRM_MISSED = 9;

	/** Subscriber to broadcaster: delete the subscription that produced this request. */
	public static final int RESPONSE_UNSUBSCRIBE_IMMEDIATE = 10;

	/** Largest topic, in bytes. */
	public static final int MAX_TOPIC_LENGTH = 0xFFFF;

	/** The only strong etag format: SHA-512. */
	public static final int ETAG_FORMAT = 0;

	private static final byte[] EMPTY = new byte[0];

	private HttpPubSubProtocol() {
	}

	// ---- requests -------------------------------------------------------------------------

	public static byte[] subscribe(String url, byte[] topicOrGlob, @Nullable String recovery, byte[] tracing) {
		return new WireWriter().str16(url).str16(topicOrGlob).str16(nullToEmpty(recovery)).str16(tracing).toByteArray();
	}

	public static byte[] unsubscribe(String url, byte[] topicOrGlob, byte[] tracing) {
		return new WireWriter().str16(url).str16(topicOrGlob).str16(tracing).toByteArray();
	}

	/**
	 * Encode the part of a notify body that precedes the message.
	 * @param topic the topic
	 * @param sha512 the SHA-512 of the message
	 * @param tracing the tracing bytes
	 * @param identifier the request identifier
	 * @param length the message length
	 * @return the prefix
	 */
	public static byte[] notifyPrefix(byte[] topic, byte[] sha512, byte[] tracing, byte[] identifier, long length) {
		return new WireWriter(96 + topic.length).str16(topic)
			.bytes(sha512)
			.str16(tracing)
			.str8(identifier)
			.u64(length)
			.toByteArray();
	}

	public static byte[] checkSubscriptions(String url, byte[] tracing) {
		return new WireWriter().str16(tracing).str16(url).toByteArray();
	}

	/**
	 * Encode set subscriptions; topics and globs are sorted bytewise here.
	 * @param url the receive URL
	 * @param subscriptions the desired subscriptions
	 * @param tracing the tracing bytes
	 * @return the body
	 */
	public static byte[] setSubscriptions(String url, SubscriptionSet subscriptions, byte[] tracing) {
		WireWriter writer = new WireWriter().str16(tracing).str16(url).u8(ETAG_FORMAT).bytes(subscriptions.etag(url));
		writer.u32(subscriptions.exact().size());
		for (Entry entry : subscriptions.exact()) {
			writer.str16(entry.value()).str16(nullToEmpty(entry.recovery()));
		}
		writer.u32(subscriptions.glob().size());
		for (Entry entry : subscriptions.glob()) {
			writer.str16(entry.value()).str16(nullToEmpty(entry.recovery()));
		}
		return writer.toByteArray();
	}

	// ---- responses we produce (subscriber side) ---------------------------------------------

	public static byte[] confirmReceive(@Nullable String authorization, byte[] tracing, byte[] identifier,
			long numSubscribers) {
		return new WireWriter().u16(RESPONSE_CONFIRM_RECEIVE)
			.str16(nullToEmpty(authorization))
			.str16(tracing)
			.str8(identifier)
			.u32(numSubscribers)
			.toByteArray();
	}

	public static byte[] confirmMissed(@Nullable String authorization, byte[] tracing) {
		return new WireWriter().u16(RESPONSE_CONFIRM_MISSED)
			.str16(nullToEmpty(authorization))
			.str16(tracing)
			.toByteArray();
	}

	public static byte[] unsubscribeImmediate() {
		return new WireWriter().u16(RESPONSE_UNSUBSCRIBE_IMMEDIATE).toByteArray();
	}

	// ---- responses we parse -------------------------------------------------------------

	public static GenericResponse parseGeneric(byte[] body) {
		WireReader reader = new WireReader(body);
		expectType(reader, RESPONSE_GENERIC);
		return new GenericResponse(authField(reader), reader.str16("tracing"));
	}

	public static NotifyResponse parseNotify(byte[] body) {
		WireReader reader = new WireReader(body);
		expectType(reader, RESPONSE_NOTIFY);
		String auth = authField(reader);
		byte[] tracing = reader.str16("tracing");
		long notified = reader.u32("notified");
		return new NotifyResponse(auth, tracing, notified, reader.str8("identifier"));
	}

	public static CheckResponse parseCheck(byte[] body) {
		WireReader reader = new WireReader(body);
		expectType(reader, RESPONSE_CHECK_SUBSCRIPTIONS);
		String auth = authField(reader);
		byte[] tracing = reader.str16("tracing");
		int format = reader.u8("etag format");
		if (format != ETAG_FORMAT) {
			throw new PubSubProtocolException("Unknown etag format " + format);
		}
		return new CheckResponse(auth, tracing, reader.bytes(64, "etag"));
	}

	/**
	 * Parse a receive request body header (everything before the message).
	 * @param reader the reader, left at the first message byte
	 * @return the header
	 */
	public static ReceiveHeader parseReceiveHeader(WireReader reader) {
		byte[] tracing = reader.str16("tracing");
		byte[] topic = reader.str16("topic");
		byte[] identifier = reader.str8("identifier");
		long length = reader.u64("message length");
		return new ReceiveHeader(tracing, topic, identifier, length);
	}

	/**
	 * Parse a missed request body.
	 * @param body the body
	 * @return the tracing and topic
	 */
	public static MissedRequest parseMissed(byte[] body) {
		WireReader reader = new WireReader(body);
		byte[] tracing = reader.str16("tracing");
		byte[] topic = reader.str16("topic");
		if (reader.remaining() != 0) {
			throw new PubSubProtocolException(reader.remaining() + " unexpected byte(s) after the missed notice");
		}
		return new MissedRequest(tracing, topic);
	}

	private static void expectType(WireReader reader, int expected) {
		int type = reader.u16("type");
		if (type != expected) {
			throw new PubSubProtocolException("Expected response type " + expected + ", got " + type);
		}
	}

	private static String authField(WireReader reader) {
		return new String(reader.str16("authorization"), StandardCharsets.UTF_8);
	}

	// ---- signed fields ---------------------------------------------------------------------

	public static byte[] signSubscribe(String url, @Nullable String recovery, byte[] topicOrGlob) {
		return new WireWriter().str16(url).str16(nullToEmpty(recovery)).str16(topicOrGlob).toByteArray();
	}

	public static byte[] signNotify(byte[] topic, byte[] identifier, byte[] sha512) {
		return new WireWriter().str16(topic).str8(identifier).bytes(sha512).toByteArray();
	}

	public static byte[] signUrl(String url) {
		return new WireWriter().str16(url).toByteArray();
	}

	public static byte[] signSetSubscriptions(String url, byte[] etag) {
		return new WireWriter().str16(url).u8(ETAG_FORMAT).bytes(etag).toByteArray();
	}

	public static byte[] signEtag(byte[] etag) {
		return new WireWriter().u8(ETAG_FORMAT).bytes(etag).toByteArray();
	}

	public static byte[] signConfirmReceive(byte[] identifier, long numSubscribers, String url) {
		return new WireWriter().str8(identifier).u32(numSubscribers).str16(url).toByteArray();
	}

	public static byte[] signConfirmMissed(byte[] topic, String recoveryUrl) {
		return new WireWriter().str16(topic).str16(recoveryUrl).toByteArray();
	}

	public static byte[] signReceive(String url, byte[] topic, byte[] identifier, byte[] sha512) {
		return new WireWriter().str16(url).str16(topic).str8(identifier).bytes(sha512).toByteArray();
	}

	public static byte[] signMissed(String recoveryUrl, byte[] topic) {
		return new WireWriter().str16(recoveryUrl).str16(topic).toByteArray();
	}

	public static byte[] signConfirmNotify(byte[] identifier, long notified, byte[] topic, byte[] sha512) {
		return new WireWriter().str8(identifier).u32(notified).str16(topic).bytes(sha512).toByteArray();
	}

	// ---- digests -----------------------------------------------------------------------------

	public static MessageDigest sha512() {
		try {
			return MessageDigest.getInstance("SHA-512");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-512 is not available", ex);
		}
	}

	public static byte[] sha512(byte[] data) {
		return sha512().digest(data);
	}

	/**
	 * Read the SHA-512 from a {@code Repr-Digest} header, with or without RFC 9530's colons.
	 * @param header the header value
	 * @return the digest, or {@code null} if the header has no valid sha-512 entry
	 */
	public static byte @Nullable [] parseReprDigest(@Nullable String header) {
		return HttpPubSubDigests.parseReprDigest(header);
	}

	static String nullToEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	static byte[] empty() {
		return EMPTY;
	}

	/**
	 * A subscription entry: an exact topic or a glob, and its recovery URL.
	 * @param value the topic bytes or UTF-8 glob
	 * @param recovery the recovery URL, or {@code null}
	 */
	public record Entry(byte[] value, @Nullable String recovery) {

		@Override
		public boolean equals(Object other) {
			return other instanceof Entry entry && Arrays.equals(this.value, entry.value)
					&& java.util.Objects.equals(this.recovery, entry.recovery);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(this.value) * 31 + java.util.Objects.hashCode(this.recovery);
		}

		@Override
		public String toString() {
			return new String(this.value, StandardCharsets.UTF_8);
		}

	}

	/**
	 * A URL's subscriptions, sorted bytewise as the strong etag requires.
	 * @param exact the exact subscriptions
	 * @param glob the glob subscriptions
	 */
	public record SubscriptionSet(List<Entry> exact, List<Entry> glob) {

		private static final Comparator<Entry> ORDER = (a, b) -> {
			int result = Arrays.compareUnsigned(a.value(), b.value());
			return (result != 0) ? result
					: Arrays.compareUnsigned(nullToEmpty(a.recovery()).getBytes(StandardCharsets.UTF_8),
							nullToEmpty(b.recovery()).getBytes(StandardCharsets.UTF_8));
		};

		public SubscriptionSet {
			List<Entry> sortedExact = new ArrayList<>(exact);
			sortedExact.sort(ORDER);
			List<Entry> sortedGlob = new ArrayList<>(glob);
			sortedGlob.sort(ORDER);
			exact = List.copyOf(sortedExact);
			glob = List.copyOf(sortedGlob);
		}

		/**
		 * Compute the strong etag (SHA-512) of this set for a URL.
		 * @param url the receive URL
		 * @return the 64-byte etag
		 */
		public byte[] etag(String url) {
			return HttpPubSubDigests.etag(url, this.exact, this.glob);
		}

	}

	/**
	 * A generic response.
	 * @param authorization the body auth field (empty for none)
	 * @param tracing the tracing bytes
	 */
	public record GenericResponse(String authorization, byte[] tracing) {
	}

	/**
	 * A notify response.
	 * @param authorization the body auth field
	 * @param tracing the tracing bytes
	 * @param notified how many subscribers confirmed
	 * @param identifier the echoed request identifier
	 */
	public record NotifyResponse(String authorization, byte[] tracing, long notified, byte[] identifier) {
	}

	/**
	 * A check subscriptions response.
	 * @param authorization the body auth field
	 * @param tracing the tracing bytes
	 * @param etag the broadcaster's strong etag
	 */
	public record CheckResponse(String authorization, byte[] tracing, byte[] etag) {
	}

	/**
	 * The header of a receive request.
	 * @param tracing the tracing bytes
	 * @param topic the topic
	 * @param identifier the broadcaster's identifier
	 * @param length the message length
	 */
	public record ReceiveHeader(byte[] tracing, byte[] topic, byte[] identifier, long length) {
	}

	/**
	 * A missed notice.
	 * @param tracing the tracing bytes
	 * @param topic the topic something was missed on
	 */
	public record MissedRequest(byte[] tracing, byte[] topic) {
	}

}
