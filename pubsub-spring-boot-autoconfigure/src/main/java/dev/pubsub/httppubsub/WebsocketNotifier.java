package dev.pubsub.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;

/**
 * The send path of notifications on one {@link WebsocketConnection}: a message goes out whole
 * (NOTIFY) or in parts of {@code part-size} (NOTIFY_STREAM), each part waiting for the
 * broadcaster's CONTINUE_NOTIFY and the last for its CONFIRM_NOTIFY. Every part carries the
 * notification's {@code tracing} field and is authorized with it. One notification at a time per
 * connection: the protocol forbids interleaving them.
 */
final class WebsocketNotifier {

	private static final byte[] ZERO = { 0 };

	private final WebsocketConnection connection;

	private final WebsocketHttpPubSubSettings settings;

	private final SecureRandom random = new SecureRandom();

	private volatile @Nullable NotifyWait notifyWait;

	WebsocketNotifier(WebsocketConnection connection, WebsocketHttpPubSubSettings settings) {
		this.connection = connection;
		this.settings = settings;
	}

	/**
	 * Notify subscribers and wait for the broadcaster's confirmation. Blocks.
	 * @param topic the topic
	 * @param data the message, read once
	 * @param length the message length
	 * @param sha512 the message's SHA-512
	 * @param tracing the {@code tracing} field
	 * @param timeout how long each acknowledgement may take
	 * @return the number of subscribers reached
	 */
	long notify(byte[] topic, InputStream data, long length, byte[] sha512, byte[] tracing, Duration timeout)
			throws IOException {
		byte[] identifier = new byte[4];
		this.random.nextBytes(identifier);
		int partSize = this.settings.partSize();
		byte[] signed = HttpPubSubProtocol.signNotify(topic, identifier, sha512);
		long sent = 0;
		long partId = 0;
		while (true) {
			int chunk = (int) Math.min(partSize, length - sent);
			byte[] payload = data.readNBytes(chunk);
			if (payload.length != chunk) {
				throw new IOException("Message ended after " + (sent + payload.length) + " of " + length + " bytes");
			}
			sent += chunk;
			boolean last = sent >= length;
			byte[] authorization = WebsocketConnection
				.utf8(this.settings.toBroadcaster().authorize(AuthMessageType.NOTIFY, tracing, signed));
			byte[] message;
			if (partId == 0 && last) {
				message = WebsocketFrames.encode(WebsocketFrames.NOTIFY, this.settings.minimalHeaders(),
						WebsocketFrames.NOTIFY_HEADERS,
						new byte[][] { authorization, tracing, identifier, topic, ZERO,
								WebsocketFrames.minimalUnsigned(length), WebsocketFrames.minimalUnsigned(length), sha512 },
						payload);
			}
			else if (partId == 0) {
				message = WebsocketFrames.encode(WebsocketFrames.NOTIFY_STREAM, this.settings.minimalHeaders(),
						WebsocketFrames.STREAM_START_HEADERS,
						new byte[][] { authorization, tracing, identifier, ZERO, topic, ZERO,
								WebsocketFrames.minimalUnsigned(length), WebsocketFrames.minimalUnsigned(length), sha512 },
						payload);
			}
			else {
				message = WebsocketFrames.encode(WebsocketFrames.NOTIFY_STREAM, this.settings.minimalHeaders(),
						WebsocketFrames.STREAM_HEADERS,
						new byte[][] { authorization, tracing, identifier, WebsocketFrames.minimalUnsigned(partId) },
						payload);
			}
			NotifyWait wait = new NotifyWait(identifier);
			this.notifyWait = wait;
			this.connection.send(message);
			WebsocketFrame reply = await(wait.reply, timeout, "notify");
			if (last) {
				if (reply.type() != WebsocketFrames.CONFIRM_NOTIFY) {
					throw new PubSubProtocolException("Expected CONFIRM_NOTIFY, got type " + reply.type());
				}
				long notified = reply.unsigned("x-subscribers", 8);
				this.connection.verify(reply, AuthMessageType.CONFIRM_NOTIFY,
						HttpPubSubProtocol.signConfirmNotify(identifier, notified, topic, sha512), "CONFIRM_NOTIFY");
				return notified;
			}
			if (reply.type() != WebsocketFrames.CONTINUE_NOTIFY || reply.unsigned("x-part-id", 8) != partId) {
				throw new PubSubProtocolException("Expected CONTINUE_NOTIFY for part " + partId + ", got type "
						+ reply.type());
			}
			this.connection.verify(reply, AuthMessageType.STATEFUL_CONTINUE_NOTIFY,
					new WireWriter().str8(identifier).u32(partId).toByteArray(), "CONTINUE_NOTIFY");
			partId++;
		}
	}

	/**
	 * Hand the broadcaster's CONFIRM_NOTIFY or CONTINUE_NOTIFY to the notification waiting for it.
	 * @param frame the reply
	 */
	void onNotifyReply(WebsocketFrame frame) {
		NotifyWait wait = this.notifyWait;
		if (wait == null || !Arrays.equals(frame.header("x-identifier"), wait.identifier)) {
			throw new PubSubProtocolException("Broadcaster answered a notification that is not in flight");
		}
		this.notifyWait = null;
		wait.reply.complete(frame);
	}

	/**
	 * Fail the notification in flight, if any.
	 * @param cause why
	 */
	void fail(Throwable cause) {
		NotifyWait wait = this.notifyWait;
		if (wait != null) {
			wait.reply.completeExceptionally(cause);
		}
	}

	private WebsocketFrame await(CompletableFuture<WebsocketFrame> reply, Duration timeout, String what) {
		try {
			return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			PubSubTimeoutException timeoutException = new PubSubTimeoutException("Broadcaster's answer to " + what,
					timeout);
			this.connection.fail(timeoutException);
			throw timeoutException;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PubSubException("Interrupted while waiting for the broadcaster", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof RuntimeException runtime) ? runtime : new PubSubException(what + " failed", cause);
		}
	}

	private static final class NotifyWait {

		private final byte[] identifier;

		private final CompletableFuture<WebsocketFrame> reply = new CompletableFuture<>();

		NotifyWait(byte[] identifier) {
			this.identifier = identifier;
		}

	}

}
