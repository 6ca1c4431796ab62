package dev.pubsub.httppubsub;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.security.MessageDigest;
import java.util.Arrays;
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
 * Nothing is allocated by what an unauthenticated peer declares: a token is checked before the
 * body is read, an HMAC (which signs the body's prefix and the {@code Repr-Digest}) after the
 * prefix and before the message, and the message is read into a buffer that grows as bytes
 * arrive, capped by the declared length, itself capped by {@code max-message-size}. A body that
 * does not arrive in time (the stream throws {@link SocketTimeoutException}) is refused with 408.
 * <p>
 * Refusals answer the status with an empty body, which the broadcaster counts as a failed
 * delivery (and queues a missed notice when a recovery URL is registered), so a refusal never
 * deletes the subscription. A message no subscription wants is answered with
 * UNSUBSCRIBE_IMMEDIATE, so the broadcaster drops the stale subscription.
 */
final class HttpPubSubInbound {

	private static final Log logger = LogFactory.getLog(HttpPubSubInbound.class);

	private static final MimeType OCTET_STREAM = MimeTypeUtils.APPLICATION_OCTET_STREAM;

	private static final byte[] EMPTY = new byte[0];

	private static final int INITIAL_BUFFER = 8 * 1024;

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
		if (this.toSubscriber.mode() == HttpPubSubAuth.Mode.TOKEN) {
			// the token does not depend on the body: check it before reading a byte of it
			AuthResult auth = this.toSubscriber.verify(authorization, AuthMessageType.RECEIVE, EMPTY, EMPTY);
			if (auth != AuthResult.OK) {
				return refuse((auth == AuthResult.UNAUTHORIZED) ? 401 : 403, "authorization " + auth);
			}
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
			if (this.toSubscriber.mode() == HttpPubSubAuth.Mode.HMAC) {
				// the signature covers the prefix and the Repr-Digest, so it is checked before the message
				AuthResult auth = this.toSubscriber.verify(authorization, AuthMessageType.RECEIVE, tracing,
						HttpPubSubProtocol.signReceive(url, topic, identifier, sha512));
				if (auth != AuthResult.OK) {
					return refuse((auth == AuthResult.UNAUTHORIZED) ? 401 : 403, "authorization " + auth);
				}
			}
			if (length > this.maxMessageSize) {
				return refuse(413, "message of " + length + " bytes exceeds " + this.maxMessageSize);
			}
			byte[] message = readMessage(in, (int) length);
			if (message == null) {
				return refuse(400, "body ended before the declared " + length + " message bytes");
			}
			MessageDigest digest = HttpPubSubProtocol.sha512();
			digest.update(message);
			if (in.read() != -1) {
				return refuse(400, "bytes after the declared message length");
			}
			if (!MessageDigest.isEqual(digest.digest(), sha512)) {
				return refuse(400, "message does not match its Repr-Digest");
			}
			if (!deliver.test(new ReceivedMessage(topic, message, identifier, sha512, tracing))) {
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
		catch (SocketTimeoutException ex) {
			return refuse(408, "body not received in time");
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
		catch (SocketTimeoutException ex) {
			return refuse(408, "missed notice not received in time");
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

	/**
	 * Read the message into a buffer that grows with what arrived (doubling from 8 KiB, never past
	 * the declared length, which is already within the limit), so a peer that declares a large
	 * message and sends it slowly holds only what it sent.
	 * @return the message, or {@code null} if the body ended early
	 */
	private static byte @Nullable [] readMessage(InputStream in, int length) throws IOException {
		byte[] buffer = new byte[Math.min(length, INITIAL_BUFFER)];
		int read = 0;
		while (read < length) {
			if (read == buffer.length) {
				buffer = Arrays.copyOf(buffer, (int) Math.min(length, buffer.length * 2L));
			}
			int n = in.read(buffer, read, buffer.length - read);
			if (n < 0) {
				return null;
			}
			read += n;
		}
		return buffer;
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
	 * @param tracing the {@code tracing} field (trace-propagation fields, see {@link HttpPubSubTracing})
	 */
	record ReceivedMessage(byte[] topic, byte[] data, byte[] identifier, byte[] sha512, byte[] tracing) {
	}

}
