package dev.pubsub.test.httppubsub;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WebsocketFrame;
import dev.pubsub.httppubsub.WebsocketFrames;
import dev.pubsub.httppubsub.WireWriter;

/**
 * Notifications a subscriber sends over its {@link BroadcasterSocket}: NOTIFY whole, or NOTIFY_STREAM
 * in parts (each but the last answered with CONTINUE_NOTIFY), every part authorized like an HTTP
 * notify. A complete message is checked against its length and SHA-512 and fanned out on the
 * broadcaster's executor (so the socket keeps reading the acknowledgements of its own deliveries), then
 * confirmed with CONFIRM_NOTIFY and the number of subscribers reached. A message is held in memory, at
 * most {@code max-message-size} bytes, grown as parts arrive; a larger one closes the socket.
 */
final class BroadcasterSocketNotify {

	private final BroadcasterSocket socket;

	private final BroadcasterWebsockets owner;

	private @Nullable Incoming incoming;

	BroadcasterSocketNotify(BroadcasterSocket socket, BroadcasterWebsockets owner) {
		this.socket = socket;
		this.owner = owner;
	}

	void onNotify(WebsocketFrame frame) {
		byte[] identifier = frame.header("x-identifier");
		boolean whole = frame.type() == WebsocketFrames.NOTIFY;
		long partId = whole ? 0 : frame.unsigned("x-part-id", 8);
		Incoming message = this.incoming;
		if (partId == 0) {
			if (message != null) {
				throw new PubSubProtocolException("Subscriber started a notification before finishing the previous one");
			}
			if (frame.unsigned("x-compressor", 8) != 0) {
				throw new PubSubProtocolException("Compressed notification although compression was not negotiated");
			}
			long length = frame.unsigned("x-compressed-length", 8);
			if (length != frame.unsigned("x-decompressed-length", 8)) {
				throw new PubSubProtocolException("Uncompressed notification with differing lengths");
			}
			if (length > this.owner.maxMessageSize()) {
				throw new PubSubProtocolException("Notification of " + length + " bytes is over the limit");
			}
			byte[] sha512 = frame.header("x-compressed-sha512");
			if (sha512.length != 64) {
				throw new PubSubProtocolException("x-compressed-sha512 must be 64 bytes");
			}
			message = new Incoming(identifier, frame.header("x-topic"), sha512, frame.tracing(), length);
		}
		else if (message == null || !Arrays.equals(identifier, message.identifier) || partId != message.nextPart) {
			throw new PubSubProtocolException("Subscriber sent part " + partId + " of a notification not in progress");
		}
		this.socket.verify(frame, AuthMessageType.NOTIFY,
				HttpPubSubProtocol.signNotify(message.topic, identifier, message.sha512), "NOTIFY");
		message.append(frame.payload());
		if (message.body.size() < message.length) {
			if (whole) {
				throw new PubSubProtocolException("NOTIFY shorter than its length");
			}
			this.incoming = message;
			message.nextPart = partId + 1;
			String authorization = this.owner.toSubscriber()
				.authorize(AuthMessageType.STATEFUL_CONTINUE_NOTIFY, BroadcasterSocket.NO_TRACING,
						new WireWriter().str8(identifier).u32(partId).toByteArray());
			this.socket.send(WebsocketFrames.CONTINUE_NOTIFY, false,
					new byte[][] { identifier, WebsocketFrames.minimalUnsigned(partId),
							BroadcasterSocket.utf8Bytes(authorization), BroadcasterSocket.NO_TRACING },
					new byte[0]);
			return;
		}
		this.incoming = null;
		byte[] body = message.body.toByteArray();
		if (!MessageDigest.isEqual(HttpPubSubProtocol.sha512(body), message.sha512)) {
			throw new PubSubProtocolException("Notification does not match its SHA-512");
		}
		fanOut(message, body);
	}

	private void fanOut(Incoming message, byte[] body) {
		Executor executor = this.owner.executor();
		Runnable task = () -> {
			long notified = this.owner.fanOut(message.topic, body, message.sha512, message.tracing);
			String authorization = this.owner.toSubscriber()
				.authorize(AuthMessageType.CONFIRM_NOTIFY, BroadcasterSocket.NO_TRACING,
						HttpPubSubProtocol.signConfirmNotify(message.identifier, notified, message.topic,
								message.sha512));
			try {
				this.socket.send(WebsocketFrames.CONFIRM_NOTIFY, false,
						new byte[][] { message.identifier, WebsocketFrames.minimalUnsigned(notified),
								BroadcasterSocket.utf8Bytes(authorization), BroadcasterSocket.NO_TRACING },
						new byte[0]);
			}
			catch (PubSubProtocolException ex) {
				// the socket closed meanwhile
			}
		};
		try {
			if (executor == null) {
				throw new RejectedExecutionException("stopped");
			}
			executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			this.socket.close(CloseStatus.GOING_AWAY);
		}
	}

	void closed() {
		this.incoming = null;
	}

	private static final class Incoming {

		private final byte[] identifier;

		private final byte[] topic;

		private final byte[] sha512;

		private final byte[] tracing;

		private final long length;

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		private long nextPart = 1;

		Incoming(byte[] identifier, byte[] topic, byte[] sha512, byte[] tracing, long length) {
			this.identifier = identifier;
			this.topic = topic;
			this.sha512 = sha512;
			this.tracing = tracing;
			this.length = length;
		}

		void append(byte[] part) {
			if (this.body.size() + (long) part.length > this.length) {
				throw new PubSubProtocolException("Subscriber sent more than the announced " + this.length + " bytes");
			}
			this.body.writeBytes(part);
		}

	}

}
