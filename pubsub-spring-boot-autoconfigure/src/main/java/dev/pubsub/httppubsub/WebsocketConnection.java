package dev.pubsub.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.WebSocketProtocol;
import dev.pubsub.core.support.WebSocketSendLimits;
import dev.pubsub.core.support.WebSocketSessionHolder;

/**
 * The httppubsub websocket protocol on one {@link WebSocketSessionHolder} (which joins partial
 * websocket messages up to the limit, skipping larger ones, and serializes sends): the CONFIGURE
 * handshake, the subscriptions it holds, the frame dispatch and the send path. Received messages are
 * assembled by the {@link WebsocketReceiver}, notifications sent by the {@link WebsocketNotifier},
 * (un)subscriptions sent and confirmed by the {@link WebsocketSubscriptionRequests}.
 * Every message is authorized with the URL of its {@link WebsocketAuthUrls counter}. A protocol or
 * auth violation, an oversized message included, closes the connection.
 */
final class WebsocketConnection implements WebSocketProtocol {

	private static final Log logger = LogFactory.getLog(WebsocketConnection.class);

	/** The empty {@code tracing} field. */
	static final byte[] NO_TRACING = new byte[0];

	private static final byte[] ZERO = { 0 };

	private static final int MAX_HEADER_BYTES = 4 * 65536;

	private static final int READ_BUFFER_SIZE = 64 * 1024;

	private final String clientName;

	private final WebsocketHttpPubSubSettings settings;

	private final Callbacks callbacks;

	private final byte[] subscriberNonce = new byte[32];

	private final Object sendLock = new Object();

	private final WebSocketSessionHolder holder;

	private final WebsocketReceiver receiver;

	private final WebsocketNotifier notifier;

	private final WebsocketSubscriptionRequests subscriptions;

	/** Completed once CONFIRM_CONFIGURE arrived and checked out. */
	final CompletableFuture<Void> configured = new CompletableFuture<>();

	private volatile @Nullable WebsocketAuthUrls urls;

	private volatile @Nullable Throwable failure;

	private volatile boolean closing;

	WebsocketConnection(String clientName, WebsocketHttpPubSubSettings settings, ScheduledExecutorService scheduler,
			WebSocketSendLimits sendLimits, BooleanSupplier readingPaused, Callbacks callbacks) {
		this.clientName = clientName;
		this.settings = settings;
		this.callbacks = callbacks;
		new SecureRandom().nextBytes(this.subscriberNonce);
		this.holder = new WebSocketSessionHolder(new WebSocketSessionHolder.Settings("httppubsub client '" + clientName
				+ "'", settings.maxMessageSize() + MAX_HEADER_BYTES, READ_BUFFER_SIZE, sendLimits),
				scheduler, readingPaused, this);
		this.receiver = new WebsocketReceiver(this, settings, callbacks);
		this.notifier = new WebsocketNotifier(this, settings);
		this.subscriptions = new WebsocketSubscriptionRequests(this, settings);
	}

	boolean isConfigured() {
		return this.configured.isDone() && !this.configured.isCompletedExceptionally() && !this.closing;
	}

	/**
	 * Start the upgrade; {@link #configured} fails when it fails or is not done within the timeout.
	 * @return {@link #configured}
	 */
	CompletableFuture<Void> open(WebSocketClient client, URI uri, Duration timeout) {
		return this.holder.open(client, new WebSocketHttpHeaders(), uri, this.configured, timeout, () -> {
			this.closing = true;
			return new PubSubTimeoutException("Configuring " + uri, timeout);
		}, (ex) -> new PubSubConnectionLostException("Cannot open " + uri + ": " + ex.getMessage(), ex));
	}

	@Override
	public void opened() {
		byte[] initialDict = { 0, 0 };
		String authorization = this.settings.toBroadcaster()
			.authorize(AuthMessageType.STATEFUL_CONFIGURE, NO_TRACING, new WireWriter().str8(this.subscriberNonce)
				.u8(0)
				.u8(0)
				.bytes(initialDict)
				.toByteArray());
		// zstd is never offered: the JDK has no zstd and the client adds no native library for it.
		send(WebsocketFrames.encode(WebsocketFrames.CONFIGURE, this.settings.minimalHeaders(),
				WebsocketFrames.CONFIGURE_HEADERS,
				new byte[][] { this.subscriberNonce, ZERO, ZERO, initialDict, utf8(authorization), NO_TRACING },
				new byte[0]));
	}

	@Override
	public void onBinary(byte[] frame) {
		try {
			onFrame(WebsocketFrames.decode(frame));
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
	}

	@Override
	public void onText(String text) {
		fail(new PubSubProtocolException("Broadcaster sent a non-binary websocket message"));
	}

	@Override
	public void onOversized(long size, long limit) {
		fail(new PubSubProtocolException("Broadcaster sent a websocket message larger than " + limit + " bytes"));
	}

	@Override
	public void onClosed(CloseStatus closeStatus) {
		Throwable cause = this.failure;
		if (cause == null) {
			cause = new PubSubConnectionLostException("The websocket was closed (code " + closeStatus.getCode() + ", "
					+ LogSanitizer.sanitize((closeStatus.getReason() != null) ? closeStatus.getReason() : "") + ")");
		}
		failWaiters(cause);
		this.configured.completeExceptionally(cause);
		if (!this.closing) {
			this.callbacks.closed(this, cause);
		}
	}

	// ---- frames from the broadcaster -----------------------------------------------------------

	private void onFrame(WebsocketFrame frame) {
		if (frame.type() != WebsocketFrames.CONFIRM_CONFIGURE && this.urls == null) {
			throw new PubSubProtocolException("Broadcaster sent message type " + frame.type() + " before configuring");
		}
		switch (frame.type()) {
			case WebsocketFrames.CONFIRM_CONFIGURE -> onConfirmConfigure(frame);
			case WebsocketFrames.CONFIRM_SUBSCRIBE_EXACT, WebsocketFrames.CONFIRM_SUBSCRIBE_GLOB,
					WebsocketFrames.CONFIRM_UNSUBSCRIBE_EXACT, WebsocketFrames.CONFIRM_UNSUBSCRIBE_GLOB ->
				this.subscriptions.onConfirm(frame);
			case WebsocketFrames.CONFIRM_NOTIFY, WebsocketFrames.CONTINUE_NOTIFY -> this.notifier.onNotifyReply(frame);
			case WebsocketFrames.RECEIVE_STREAM -> this.receiver.onReceive(frame);
			case WebsocketFrames.MISSED -> this.receiver.onMissed(frame);
			case WebsocketFrames.ENABLE_ZSTD_PRESET, WebsocketFrames.ENABLE_ZSTD_CUSTOM,
					WebsocketFrames.DISABLE_ZSTD_CUSTOM ->
				throw new PubSubProtocolException("Broadcaster sent zstd dictionary control (type " + frame.type()
						+ ") although compression was not negotiated");
			default -> throw new PubSubProtocolException("Unknown broadcaster message type " + frame.type());
		}
	}

	private void onConfirmConfigure(WebsocketFrame frame) {
		if (this.urls != null) {
			throw new PubSubProtocolException("Broadcaster sent a second CONFIRM_CONFIGURE");
		}
		byte[] broadcasterNonce = frame.header("x-broadcaster-nonce");
		if (broadcasterNonce.length != 32) {
			throw new PubSubProtocolException("x-broadcaster-nonce must be 32 bytes, got " + broadcasterNonce.length);
		}
		verify(frame, AuthMessageType.STATEFUL_CONFIRM_CONFIGURE, new WireWriter().str8(broadcasterNonce).toByteArray(),
				"CONFIRM_CONFIGURE");
		synchronized (this.sendLock) {
			this.urls = new WebsocketAuthUrls(this.subscriberNonce, broadcasterNonce);
		}
		this.configured.complete(null);
	}

	/**
	 * Verify a broadcaster's message for the to-subscriber direction.
	 * @throws PubSubAuthenticationException when it fails
	 */
	void verify(WebsocketFrame frame, int type, byte[] signed, String what) {
		AuthResult result = this.settings.toSubscriber().verify(frame.authorization(), type, frame.tracing(), signed);
		if (result != AuthResult.OK) {
			throw new PubSubAuthenticationException("Broadcaster's " + what + " failed authorization (" + result + ")");
		}
	}

	// ---- messages to the broadcaster -------------------------------------------------------------

	/**
	 * Subscribe to a pattern unless this connection already holds it.
	 * @param pattern the listener pattern
	 * @return completed when the broadcaster confirmed
	 */
	CompletableFuture<Void> subscribe(String pattern) {
		return this.subscriptions.change(pattern, true);
	}

	/**
	 * Unsubscribe from a pattern if this connection holds it.
	 * @param pattern the listener pattern
	 * @return completed when the broadcaster confirmed
	 */
	CompletableFuture<Void> unsubscribe(String pattern) {
		return this.subscriptions.change(pattern, false);
	}

	/**
	 * Notify subscribers and wait for the broadcaster's confirmation. Blocks; callers run one
	 * notification at a time per connection (the protocol forbids interleaving them).
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
		return this.notifier.notify(topic, data, length, sha512, tracing, timeout);
	}

	/**
	 * The lock that keeps the counter order of the auth URLs equal to the order messages are sent.
	 * @return the lock
	 */
	Object sendLock() {
		return this.sendLock;
	}

	/**
	 * Send one frame.
	 * @param message the encoded frame
	 * @throws PubSubConnectionLostException when the socket is not open or the send fails
	 */
	void send(byte[] message) {
		if (!this.holder.isOpen()) {
			throw new PubSubConnectionLostException("httppubsub websocket is not open");
		}
		synchronized (this.sendLock) {
			try {
				this.holder.sendBinary(message);
			}
			catch (IOException ex) {
				PubSubConnectionLostException lost = new PubSubConnectionLostException(
						"Sending to the broadcaster failed: " + ex.getMessage(), ex);
				fail(lost);
				throw lost;
			}
		}
	}

	/**
	 * Return the auth URL counters of the configured connection.
	 * @return the counters
	 */
	WebsocketAuthUrls urls() {
		WebsocketAuthUrls current = this.urls;
		if (current == null) {
			throw new PubSubConnectionLostException("httppubsub websocket is not configured yet");
		}
		return current;
	}

	static byte[] utf8(@Nullable String value) {
		return (value != null) ? WebsocketFrames.utf8(value) : new byte[0];
	}

	// ---- closing ----------------------------------------------------------------------------------

	/**
	 * Close the connection because of an error; the client sees it as a lost connection.
	 * @param cause the error
	 */
	void fail(Throwable cause) {
		if (this.failure == null) {
			this.failure = cause;
			logger.debug("httppubsub websocket of client '" + this.clientName + "' failed (the client logs the drop): "
					+ LogSanitizer.sanitize(cause.getMessage()));
		}
		failWaiters(cause);
		this.holder.close(CloseStatus.PROTOCOL_ERROR);
	}

	/**
	 * Close the connection on request; no loss is reported.
	 */
	void close() {
		this.closing = true;
		PubSubConnectionLostException closed = new PubSubConnectionLostException("httppubsub websocket closed");
		failWaiters(closed);
		this.configured.completeExceptionally(closed);
		this.holder.close(CloseStatus.NORMAL);
	}

	private void failWaiters(Throwable cause) {
		this.notifier.fail(cause);
		this.subscriptions.fail(cause);
	}

	/**
	 * What the connection reports to its client.
	 */
	interface Callbacks {

		/**
		 * A complete, verified message arrived (called on the I/O thread; must not block), with the
		 * {@code tracing} field of its first part.
		 * @return whether a local subscription took it
		 */
		boolean deliver(byte[] topic, byte[] identifier, byte[] data, byte[] sha512, byte[] tracing);

		/** A larger message than allowed was acknowledged and dropped. */
		void dropped(PubSubMessageTooLargeException cause);

		/** The broadcaster reported missed messages on a topic. */
		void missed(byte[] topic);

		/** The connection closed without being asked to. */
		void closed(WebsocketConnection connection, Throwable cause);

	}

}
