package dev.pubsub.httppubsub;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubProtocolException;

/**
 * The receive side of one {@link WebsocketConnection}: assembles RECEIVE_STREAM parts into a
 * message (acknowledging each part with CONTINUE_RECEIVE), checks its SHA-512, hands it to the
 * client with the {@code tracing} field of its first part, and confirms it (CONFIRM_RECEIVE); and
 * the MISSED notices. A message over {@code max-message-size} is acknowledged part by part without
 * being kept, then reported as dropped. Runs on the connection's I/O thread only.
 */
final class WebsocketReceiver {

	private final WebsocketConnection connection;

	private final WebsocketHttpPubSubSettings settings;

	private final WebsocketConnection.Callbacks callbacks;

	private @Nullable IncomingMessage incoming;

	WebsocketReceiver(WebsocketConnection connection, WebsocketHttpPubSubSettings settings,
			WebsocketConnection.Callbacks callbacks) {
		this.connection = connection;
		this.settings = settings;
		this.callbacks = callbacks;
	}

	void onReceive(WebsocketFrame frame) {
		WebsocketAuthUrls urls = this.connection.urls();
		byte[] identifier = frame.header("x-identifier");
		long partId = frame.unsigned("x-part-id", 8);
		IncomingMessage message = this.incoming;
		if (partId == 0) {
			if (message != null) {
				throw new PubSubProtocolException("Broadcaster started a message before finishing the previous one");
			}
			if (frame.unsigned("x-compressor", 8) != 0) {
				throw new PubSubProtocolException("Broadcaster sent a compressed message although compression was "
						+ "not negotiated");
			}
			long length = frame.unsigned("x-compressed-length", 8);
			if (length != frame.unsigned("x-decompressed-length", 8)) {
				throw new PubSubProtocolException("Uncompressed message with differing lengths");
			}
			byte[] sha512 = frame.header("x-compressed-sha512");
			if (sha512.length != 64) {
				throw new PubSubProtocolException("x-compressed-sha512 must be 64 bytes");
			}
			message = new IncomingMessage(identifier, frame.header("x-topic"), sha512, frame.tracing(), length,
					length <= this.settings.maxMessageSize());
			this.incoming = message;
		}
		else if (message == null || !Arrays.equals(identifier, message.identifier) || partId != message.nextPart) {
			throw new PubSubProtocolException("Broadcaster sent part " + partId + " of a message not in progress");
		}
		this.connection.verify(frame, AuthMessageType.RECEIVE,
				HttpPubSubProtocol.signReceive(urls.nextBroadcasterUrl(), message.topic, identifier, message.sha512),
				"RECEIVE_STREAM");
		message.append(frame.payload());
		if (message.received < message.length) {
			message.nextPart = partId + 1;
			sendContinueReceive(identifier, partId);
			return;
		}
		this.incoming = null;
		boolean delivered = false;
		if (!message.kept) {
			this.callbacks.dropped(new PubSubMessageTooLargeException(message.length, this.settings.maxMessageSize()));
		}
		else if (!MessageDigest.isEqual(message.digest.digest(), message.sha512)) {
			throw new PubSubProtocolException("Received message does not match its SHA-512");
		}
		else {
			delivered = this.callbacks.deliver(message.topic, identifier, message.body.toByteArray(), message.sha512,
					message.tracing);
		}
		sendConfirmReceive(identifier, delivered ? 1 : 0);
	}

	void onMissed(WebsocketFrame frame) {
		byte[] topic = frame.header("x-topic");
		this.connection.verify(frame, AuthMessageType.MISSED,
				HttpPubSubProtocol.signMissed(this.connection.urls().nextBroadcasterUrl(), topic), "MISSED");
		this.callbacks.missed(topic);
	}

	private void sendContinueReceive(byte[] identifier, long partId) {
		synchronized (this.connection.sendLock()) {
			String url = this.connection.urls().nextSubscriberUrl();
			String authorization = this.settings.toBroadcaster()
				.authorize(AuthMessageType.STATEFUL_CONTINUE_RECEIVE, WebsocketConnection.NO_TRACING,
						signContinueReceive(identifier, partId, url));
			this.connection.send(WebsocketFrames.encode(WebsocketFrames.CONTINUE_RECEIVE,
					this.settings.minimalHeaders(), WebsocketFrames.CONTINUE_HEADERS,
					new byte[][] { identifier, WebsocketFrames.minimalUnsigned(partId),
							WebsocketConnection.utf8(authorization), WebsocketConnection.NO_TRACING },
					new byte[0]));
		}
	}

	/**
	 * What CONTINUE_RECEIVE signs. lonelypsp signs the part id as one byte
	 * ({@code int.to_bytes(1)}), so the low byte is signed here; beyond 255 the pinned lonelypss
	 * cannot sign it at all (see {@code docs/httppubsub.md}).
	 */
	static byte[] signContinueReceive(byte[] identifier, long partId, String url) {
		return new WireWriter().str8(identifier).u8((int) (partId & 0xFF)).str16(url).toByteArray();
	}

	private void sendConfirmReceive(byte[] identifier, int subscribers) {
		synchronized (this.connection.sendLock()) {
			String url = this.connection.urls().nextSubscriberUrl();
			String authorization = this.settings.toBroadcaster()
				.authorize(AuthMessageType.CONFIRM_RECEIVE, WebsocketConnection.NO_TRACING,
						HttpPubSubProtocol.signConfirmReceive(identifier, subscribers, url));
			this.connection.send(WebsocketFrames.encode(WebsocketFrames.CONFIRM_RECEIVE,
					this.settings.minimalHeaders(), WebsocketFrames.CONFIRM_RECEIVE_HEADERS,
					new byte[][] { identifier, WebsocketConnection.utf8(authorization), WebsocketConnection.NO_TRACING,
							new WireWriter().u32(subscribers).toByteArray() },
					new byte[0]));
		}
	}

	private static final class IncomingMessage {

		private final byte[] identifier;

		private final byte[] topic;

		private final byte[] sha512;

		private final byte[] tracing;

		private final long length;

		private final boolean kept;

		private final MessageDigest digest = HttpPubSubProtocol.sha512();

		private final ByteArrayOutputStream body;

		private long received;

		private long nextPart = 1;

		IncomingMessage(byte[] identifier, byte[] topic, byte[] sha512, byte[] tracing, long length, boolean kept) {
			this.identifier = identifier;
			this.topic = topic;
			this.sha512 = sha512;
			this.tracing = tracing;
			this.length = length;
			this.kept = kept;
			this.body = new ByteArrayOutputStream(kept ? (int) Math.min(length, 1 << 20) : 0);
		}

		void append(byte[] part) {
			this.received += part.length;
			if (this.received > this.length) {
				throw new PubSubProtocolException("Broadcaster sent more than the announced " + this.length + " bytes");
			}
			if (this.kept) {
				this.digest.update(part);
				this.body.writeBytes(part);
			}
		}

	}

}
