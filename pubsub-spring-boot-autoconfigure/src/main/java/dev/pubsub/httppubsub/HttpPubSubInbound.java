package dev.pubsub.httppubsub;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.PubSubProtocolException;

/**
 * Handles the broadcaster's requests to one client, independent of the web framework: the receive
 * request (checks content type, authorization against the registered URL, length limit and the
 * SHA-512 of the {@code Repr-Digest} header, then delivers and confirms) and the missed notice.
 * <p>
 * Refusals answer the status with an empty body, which the broadcaster counts as a failed
 * delivery (and queues a missed notice when a recovery URL is registered), so a refusal never
 * deletes the subscription. A message no subscription wants is answered with
 * UNSUBSCRIBE_IMMEDIATE, so the broadcaster drops the stale subscription.
 */
final class HttpPubSubInbound {

	private static final Log logger = LogFactory.getLog(HttpPubSubInbound.class);

	private static final MimeType OCTET_STREAM = MimeTypeUtils.APPLICATION_OCTET_STREAM;

	private final String clientName;

	private final HttpPubSubAuth toSubscriber;

	private final HttpPubSubAuth toBroadcaster;

	private final long maxMessageSize;

	private final HttpPubSubInboundMetrics metrics = new HttpPubSubInboundMetrics();

	HttpPubSubInbound(String clientName, HttpPubSubAuth toSubscriber, HttpPubSubAuth toBroadcaster,
			long maxMessageSize) {
		this.clientName = clientName;
		this.toSubscriber = toSubscriber;
		this.toBroadcaster = toBroadcaster;
		this.maxMessageSize = maxMessageSize;
	}

	HttpPubSubInboundMetrics metrics() {
		return this.metrics;
	}

	/**
	 * Handle a receive request.
	 * @param url the receive URL this client registered (what the broadcaster signed)
	 * @param authorization the {@code Authorization} header
	 * @param reprDigest the {@code Repr-Digest} header
	 * @param contentType the {@code Content-Type} header
	 * @param body the request body
	 * @param deliver hands a verified message on; answers whether any subscription matched
	 * @return the response
	 */
	InboundResponse receive(String url, @Nullable String authorization, @Nullable String reprDigest,
			@Nullable String contentType, InputStream body, Predicate<ReceivedMessage> deliver) {
		if (!isOctetStream(contentType)) {
			return refuse(415, "content type is not " + OCTET_STREAM);
		}
		DataInputStream in = new DataInputStream(body);
		try {
			byte[] tracing = readStr16(in);
			byte[] topic = readStr16(in);
			byte[] identifier = in.readNBytes(in.readUnsignedByte());
			long length = in.readLong();
			if (length < 0) {
				return refuse(400, "negative message length");
			}
			byte[] sha512 = HttpPubSubProtocol.parseReprDigest(reprDigest);
			if (sha512 == null) {
				return refuse(400, "missing or invalid Repr-Digest sha-512");
			}
			AuthResult auth = this.toSubscriber.verify(authorization, AuthMessageType.RECEIVE, tracing,
					HttpPubSubProtocol.signReceive(url, topic, identifier, sha512));
			if (auth != AuthResult.OK) {
				return refuse((auth == AuthResult.UNAUTHORIZED) ? 401 : 403, "authorization " + auth);
			}
			if (length > this.maxMessageSize) {
				return refuse(413, "message of " + length + " bytes exceeds " + this.maxMessageSize);
			}
			byte[] message = new byte[(int) length];
			MessageDigest digest = HttpPubSubProtocol.sha512();
			int read = 0;
			while (read < message.length) {
				int n = in.read(message, read, Math.min(65536, message.length - read));
				if (n < 0) {
					return refuse(400, "body ended after " + read + " of " + length + " message bytes");
				}
				digest.update(message, read, n);
				read += n;
			}
			if (in.read() != -1) {
				return refuse(400, "bytes after the declared message length");
			}
			if (!MessageDigest.isEqual(digest.digest(), sha512)) {
				return refuse(400, "message does not match its Repr-Digest");
			}
			if (!deliver.test(new ReceivedMessage(topic, message, identifier, sha512))) {
				this.metrics.countUnrouted();
				return new InboundResponse(200, HttpPubSubProtocol.unsubscribeImmediate());
			}
			this.metrics.countDelivered();
			byte[] replyTracing = HttpPubSubProtocol.empty();
			String confirm = this.toBroadcaster.authorize(AuthMessageType.CONFIRM_RECEIVE, replyTracing,
					HttpPubSubProtocol.signConfirmReceive(identifier, 1, url));
			return new InboundResponse(200,
					HttpPubSubProtocol.confirmReceive(confirm, replyTracing, identifier, 1));
		}
		catch (EOFException ex) {
			return refuse(400, "truncated body");
		}
		catch (IOException ex) {
			return refuse(400, "body could not be read: " + ex.getClass().getSimpleName());
		}
	}

	/**
	 * Handle a missed notice.
	 * @param recoveryUrl the recovery URL this client registered
	 * @param authorization the {@code Authorization} header
	 * @param contentType the {@code Content-Type} header
	 * @param body the request body
	 * @param onMissed told about the topic
	 * @return the response
	 */
	InboundResponse missed(String recoveryUrl, @Nullable String authorization, @Nullable String contentType,
			InputStream body, Consumer<byte[]> onMissed) {
		if (!isOctetStream(contentType)) {
			return refuse(415, "content type is not " + OCTET_STREAM);
		}
		HttpPubSubProtocol.MissedRequest request;
		try {
			byte[] data = body.readNBytes(4 + 2 * HttpPubSubProtocol.MAX_TOPIC_LENGTH + 1);
			request = HttpPubSubProtocol.parseMissed(data);
		}
		catch (IOException | PubSubProtocolException ex) {
			return refuse(400, "malformed missed notice");
		}
		AuthResult auth = this.toSubscriber.verify(authorization, AuthMessageType.MISSED, request.tracing(),
				HttpPubSubProtocol.signMissed(recoveryUrl, request.topic()));
		if (auth != AuthResult.OK) {
			return refuse((auth == AuthResult.UNAUTHORIZED) ? 401 : 403, "authorization " + auth);
		}
		this.metrics.missed();
		onMissed.accept(request.topic());
		byte[] replyTracing = HttpPubSubProtocol.empty();
		String confirm = this.toBroadcaster.authorize(AuthMessageType.CONFIRM_MISSED, replyTracing,
				HttpPubSubProtocol.signConfirmMissed(request.topic(), recoveryUrl));
		return new InboundResponse(200, HttpPubSubProtocol.confirmMissed(confirm, replyTracing));
	}

	private InboundResponse refuse(int status, String reason) {
		this.metrics.refused(status);
		if (logger.isDebugEnabled()) {
			logger.debug("Client '" + this.clientName + "' refused a broadcaster request with " + status + ": " + reason);
		}
		return InboundResponse.refuse(status);
	}

	private static byte[] readStr16(DataInputStream in) throws IOException {
		int length = in.readUnsignedShort();
		byte[] value = in.readNBytes(length);
		if (value.length != length) {
			throw new EOFException();
		}
		return value;
	}

	private static boolean isOctetStream(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		try {
			return OCTET_STREAM.equalsTypeAndSubtype(MimeTypeUtils.parseMimeType(contentType));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * A verified message.
	 * @param topic the topic bytes
	 * @param data the message
	 * @param identifier the broadcaster's identifier
	 * @param sha512 the verified digest
	 */
	record ReceivedMessage(byte[] topic, byte[] data, byte[] identifier, byte[] sha512) {
	}

}
