package dev.pubsub.test.httppubsub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.AuthResult;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubGlob;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireReader;
import dev.pubsub.httppubsub.WireWriter;

/**
 * The embedded broadcaster's endpoints, one method per path: parse the body, verify the
 * to-broadcaster authorization, act on the {@link BroadcasterSubscriptions} (or fan out through
 * {@link BroadcasterFanOut}), and answer with the response the protocol note defines, authorized
 * for the to-subscriber direction.
 */
final class BroadcasterRequests {

	private final BroadcasterSubscriptions subscriptions;

	private final BroadcasterFanOut fanOut;

	private final HttpPubSubAuth toBroadcaster;

	private final HttpPubSubAuth toSubscriber;

	private final AtomicLong notifications = new AtomicLong();

	BroadcasterRequests(BroadcasterSubscriptions subscriptions, BroadcasterFanOut fanOut,
			HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber) {
		this.subscriptions = subscriptions;
		this.fanOut = fanOut;
		this.toBroadcaster = toBroadcaster;
		this.toSubscriber = toSubscriber;
	}

	long notifications() {
		return this.notifications.get();
	}

	private @Nullable Answer refused(AuthResult result) {
		return switch (result) {
			case OK -> null;
			case UNAUTHORIZED -> new Answer(401, new byte[0]);
			case FORBIDDEN -> new Answer(403, new byte[0]);
		};
	}

	Answer subscribe(byte[] body, @Nullable String authorization, boolean glob) {
		WireReader reader = new WireReader(body);
		String url = reader.str16Utf8("url");
		byte[] value = reader.str16(glob ? "glob" : "topic");
		String recovery = reader.str16Utf8("recovery");
		byte[] tracing = reader.str16("tracing");
		Answer refused = refused(this.toBroadcaster.verify(authorization,
				glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT, tracing,
				HttpPubSubProtocol.signSubscribe(url, recovery.isEmpty() ? null : recovery, value)));
		if (refused != null) {
			return refused;
		}
		BroadcasterSubscriptions.Subscriptions subs = this.subscriptions.forUrl(url);
		Map<ByteBuffer, String> target = glob ? subs.glob : subs.exact;
		if (glob) {
			HttpPubSubGlob.compile(new String(value, StandardCharsets.UTF_8));
		}
		if (target.putIfAbsent(ByteBuffer.wrap(value), recovery) != null) {
			return new Answer(409, new byte[0]);
		}
		return generic(glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT,
				HttpPubSubProtocol.signSubscribe(url, recovery.isEmpty() ? null : recovery, value));
	}

	Answer unsubscribe(byte[] body, @Nullable String authorization, boolean glob) {
		WireReader reader = new WireReader(body);
		String url = reader.str16Utf8("url");
		byte[] value = reader.str16(glob ? "glob" : "topic");
		byte[] tracing = reader.str16("tracing");
		byte[] signed = HttpPubSubProtocol.signSubscribe(url, null, value);
		Answer refused = refused(this.toBroadcaster.verify(authorization,
				glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT, tracing, signed));
		if (refused != null) {
			return refused;
		}
		BroadcasterSubscriptions.Subscriptions subs = this.subscriptions.get(url);
		Map<ByteBuffer, String> target = (subs != null) ? (glob ? subs.glob : subs.exact) : null;
		if (target == null || target.remove(ByteBuffer.wrap(value)) == null) {
			return new Answer(409, new byte[0]);
		}
		return generic(glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT, signed);
	}

	Answer check(byte[] body, @Nullable String authorization) {
		WireReader reader = new WireReader(body);
		byte[] tracing = reader.str16("tracing");
		String url = reader.str16Utf8("url");
		Answer refused = refused(this.toBroadcaster.verify(authorization, AuthMessageType.CHECK_SUBSCRIPTIONS, tracing,
				HttpPubSubProtocol.signUrl(url)));
		if (refused != null) {
			return refused;
		}
		byte[] etag = this.subscriptions.set(url).etag(url);
		String auth = this.toSubscriber.authorize(AuthMessageType.CHECK_SUBSCRIPTIONS_RESPONSE, new byte[0],
				HttpPubSubProtocol.signEtag(etag));
		return new Answer(200, new WireWriter().u16(HttpPubSubProtocol.RESPONSE_CHECK_SUBSCRIPTIONS)
			.str16((auth != null) ? auth : "")
			.str16(new byte[0])
			.u8(HttpPubSubProtocol.ETAG_FORMAT)
			.bytes(etag)
			.toByteArray());
	}

	Answer set(byte[] body, @Nullable String authorization) {
		WireReader reader = new WireReader(body);
		byte[] tracing = reader.str16("tracing");
		String url = reader.str16Utf8("url");
		if (reader.u8("etag format") != HttpPubSubProtocol.ETAG_FORMAT) {
			return new Answer(400, new byte[0]);
		}
		byte[] etag = reader.bytes(64, "etag");
		Answer refused = refused(this.toBroadcaster.verify(authorization, AuthMessageType.SET_SUBSCRIPTIONS, tracing,
				HttpPubSubProtocol.signSetSubscriptions(url, etag)));
		if (refused != null) {
			return refused;
		}
		BroadcasterSubscriptions.Subscriptions replacement = new BroadcasterSubscriptions.Subscriptions();
		readEntries(reader, replacement.exact);
		readEntries(reader, replacement.glob);
		if (!MessageDigest.isEqual(replacement.toSet().etag(url), etag)) {
			return new Answer(400, new byte[0]);
		}
		this.subscriptions.put(url, replacement);
		return generic(AuthMessageType.SET_SUBSCRIPTIONS_RESPONSE, HttpPubSubProtocol.signEtag(etag));
	}

	private static void readEntries(WireReader reader, Map<ByteBuffer, String> target) {
		long count = reader.u32("count");
		for (long i = 0; i < count; i++) {
			byte[] value = reader.str16("topic or glob");
			target.put(ByteBuffer.wrap(value), reader.str16Utf8("recovery"));
		}
	}

	private Answer generic(int type, byte[] signed) {
		String auth = this.toSubscriber.authorize(type, new byte[0], signed);
		return new Answer(200, new WireWriter().u16(HttpPubSubProtocol.RESPONSE_GENERIC)
			.str16((auth != null) ? auth : "")
			.str16(new byte[0])
			.toByteArray());
	}

	Answer notify(byte[] body, @Nullable String authorization) {
		WireReader reader = new WireReader(body);
		byte[] topic = reader.str16("topic");
		byte[] sha512 = reader.bytes(64, "sha512");
		byte[] tracing = reader.str16("tracing");
		byte[] identifier = reader.str8("identifier");
		long length = reader.u64("length");
		Answer refused = refused(this.toBroadcaster.verify(authorization, AuthMessageType.NOTIFY, tracing,
				HttpPubSubProtocol.signNotify(topic, identifier, sha512)));
		if (refused != null) {
			return refused;
		}
		if (length != reader.remaining()) {
			return new Answer(400, new byte[0]);
		}
		byte[] message = reader.bytes((int) length, "message");
		if (!MessageDigest.isEqual(HttpPubSubProtocol.sha512(message), sha512)) {
			return new Answer(400, new byte[0]);
		}
		this.notifications.incrementAndGet();
		long notified = this.fanOut.fanOut(topic, message, sha512, tracing);
		String auth = this.toSubscriber.authorize(AuthMessageType.CONFIRM_NOTIFY, new byte[0],
				HttpPubSubProtocol.signConfirmNotify(identifier, notified, topic, sha512));
		return new Answer(200, new WireWriter().u16(HttpPubSubProtocol.RESPONSE_NOTIFY)
			.str16((auth != null) ? auth : "")
			.str16(new byte[0])
			.u32(notified)
			.str8(identifier)
			.toByteArray());
	}

	/**
	 * An answer: the status and the body.
	 * @param status the HTTP status
	 * @param body the body, empty for none
	 */
	record Answer(int status, byte[] body) {
	}

}
