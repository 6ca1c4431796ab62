package dev.pubsub.httppubsub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;

/**
 * One websocket connection to a broadcaster: the CONFIGURE handshake, the subscriptions it holds,
 * one notification at a time (whole or in acknowledged parts), and received messages assembled
 * from their parts, each part acknowledged (CONTINUE_RECEIVE) and the whole confirmed
 * (CONFIRM_RECEIVE). Every message is authorized with the URL of its
 * {@link WebsocketAuthUrls counter}. A protocol or auth violation closes the connection.
 */
final class WebsocketConnection implements WebSocketHandler {

	private static final Log logger = LogFactory.getLog(WebsocketConnection.class);

	private static final byte[] NO_TRACING = new byte[0];

	private static final byte[] ZERO = { 0 };

	private static final int MAX_HEADER_BYTES = 4 * 65536;

	private final String clientName;

	private final WebsocketHttpPubSubSettings settings;

	private final Callbacks callbacks;

	private final SecureRandom random = new SecureRandom();

	private final byte[] subscriberNonce = new byte[32];

	private final Object sendLock = new Object();

	private final Deque<SubscriptionRequest> awaitingConfirmation = new ArrayDeque<>();

	private final Set<String> remotePatterns = new HashSet<>();

	private final ByteArrayOutputStream frameBuffer = new ByteArrayOutputStream();

	private boolean frameOversized;

	/** Completed once CONFIRM_CONFIGURE arrived and checked out. */
	final CompletableFuture<Void> configured = new CompletableFuture<>();

	private volatile @Nullable WebSocketSession session;

	private volatile @Nullable WebsocketAuthUrls urls;

	private volatile @Nullable NotifyWait notifyWait;

	private @Nullable IncomingMessage incoming;

	private volatile @Nullable Throwable failure;

	private volatile boolean closing;

	WebsocketConnection(String clientName, WebsocketHttpPubSubSettings settings, Callbacks callbacks) {
		this.clientName = clientName;
		this.settings = settings;
		this.callbacks = callbacks;
		this.random.nextBytes(this.subscriberNonce);
	}

	boolean isConfigured() {
		return this.configured.isDone() && !this.configured.isCompletedExceptionally() && !this.closing;
	}

	// ---- WebSocketHandler -------------------------------------------------------------------------

	@Override
	public void afterConnectionEstablished(WebSocketSession session) throws Exception {
		this.session = session;
		session.setBinaryMessageSizeLimit(64 * 1024);
		if (this.closing) {
			session.close(CloseStatus.NORMAL);
			return;
		}
		byte[] tracing = NO_TRACING;
		byte[] initialDict = { 0, 0 };
		String authorization = this.settings.toBroadcaster()
			.authorize(AuthMessageType.STATEFUL_CONFIGURE, tracing, new WireWriter().str8(this.subscriberNonce)
				.u8(0)
				.u8(0)
				.bytes(initialDict)
				.toByteArray());
		// zstd is never offered: the JDK has no zstd and the client adds no native library for it.
		send(WebsocketFrames.encode(WebsocketFrames.CONFIGURE, this.settings.minimalHeaders(),
				WebsocketFrames.CONFIGURE_HEADERS,
				new byte[][] { this.subscriberNonce, ZERO, ZERO, initialDict, utf8(authorization), tracing },
				new byte[0]));
	}

	@Override
	public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
		try {
			if (!(message instanceof BinaryMessage binary)) {
				throw new PubSubProtocolException("Broadcaster sent a non-binary websocket message");
			}
			byte[] frame = assemble(binary);
			if (frame != null) {
				onFrame(WebsocketFrames.decode(frame));
			}
		}
		catch (RuntimeException ex) {
			fail(ex);
		}
	}

	private byte @Nullable [] assemble(BinaryMessage message) {
		java.nio.ByteBuffer payload = message.getPayload();
		long limit = this.settings.maxMessageSize() + MAX_HEADER_BYTES;
		if (!this.frameOversized && this.frameBuffer.size() + payload.remaining() > limit) {
			this.frameOversized = true;
		}
		if (!this.frameOversized) {
			byte[] bytes = new byte[payload.remaining()];
			payload.get(bytes);
			this.frameBuffer.writeBytes(bytes);
		}
		if (!message.isLast()) {
			return null;
		}
		if (this.frameOversized) {
			this.frameOversized = false;
			this.frameBuffer.reset();
			throw new PubSubProtocolException("Broadcaster sent a websocket message larger than " + limit + " bytes");
		}
		byte[] frame = this.frameBuffer.toByteArray();
		this.frameBuffer.reset();
		return frame;
	}

	@Override
	public void handleTransportError(WebSocketSession session, Throwable exception) {
		logger.debug("Transport error on httppubsub websocket of client '" + this.clientName + "'", exception);
	}

	@Override
	public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) {
		Throwable cause = this.failure;
		if (cause == null) {
			cause = new PubSubConnectionLostException(
					"Broadcaster closed the websocket (" + closeStatus.getCode() + ")");
		}
		failWaiters(cause);
		this.configured.completeExceptionally(cause);
		if (!this.closing) {
			this.callbacks.closed(this, cause);
		}
	}

	@Override
	public boolean supportsPartialMessages() {
		return true;
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
				onConfirmSubscription(frame);
			case WebsocketFrames.CONFIRM_NOTIFY, WebsocketFrames.CONTINUE_NOTIFY -> onNotifyReply(frame);
			case WebsocketFrames.RECEIVE_STREAM -> onReceive(frame);
			case WebsocketFrames.MISSED -> onMissed(frame);
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

	private void onConfirmSubscription(WebsocketFrame frame) {
		SubscriptionRequest request;
		synchronized (this.awaitingConfirmation) {
			request = this.awaitingConfirmation.poll();
		}
		if (request == null || request.type != frame.type()) {
			throw new PubSubProtocolException("Broadcaster confirmed a (un)subscription (type " + frame.type()
					+ ") that was not requested next");
		}
		byte[] value = frame.header(request.glob ? "x-glob" : "x-topic");
		if (!Arrays.equals(value, request.value)) {
			throw new PubSubProtocolException("Broadcaster confirmed a different topic or glob than requested");
		}
		verify(frame, request.glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT,
				HttpPubSubProtocol.signSubscribe(request.url, null, request.value), "confirm (un)subscribe");
		request.future.complete(null);
	}

	private void onNotifyReply(WebsocketFrame frame) {
		NotifyWait wait = this.notifyWait;
		if (wait == null || !Arrays.equals(frame.header("x-identifier"), wait.identifier)) {
			throw new PubSubProtocolException("Broadcaster answered a notification that is not in flight");
		}
		this.notifyWait = null;
		wait.reply.complete(frame);
	}

	private void onReceive(WebsocketFrame frame) {
		WebsocketAuthUrls urls = urls();
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
			message = new IncomingMessage(identifier, frame.header("x-topic"), sha512, length,
					length <= this.settings.maxMessageSize());
			this.incoming = message;
		}
		else if (message == null || !Arrays.equals(identifier, message.identifier) || partId != message.nextPart) {
			throw new PubSubProtocolException("Broadcaster sent part " + partId + " of a message not in progress");
		}
		verify(frame, AuthMessageType.RECEIVE,
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
			delivered = this.callbacks.deliver(message.topic, identifier, message.body.toByteArray(), message.sha512);
		}
		sendConfirmReceive(identifier, delivered ? 1 : 0);
	}

	private void onMissed(WebsocketFrame frame) {
		byte[] topic = frame.header("x-topic");
		verify(frame, AuthMessageType.MISSED, HttpPubSubProtocol.signMissed(urls().nextBroadcasterUrl(), topic),
				"MISSED");
		this.callbacks.missed(topic);
	}

	private void verify(WebsocketFrame frame, int type, byte[] signed, String what) {
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
		return subscription(pattern, true);
	}

	/**
	 * Unsubscribe from a pattern if this connection holds it.
	 * @param pattern the listener pattern
	 * @return completed when the broadcaster confirmed
	 */
	CompletableFuture<Void> unsubscribe(String pattern) {
		return subscription(pattern, false);
	}

	private CompletableFuture<Void> subscription(String pattern, boolean subscribe) {
		boolean glob = HttpPubSubGlob.isGlob(pattern);
		byte[] value = utf8(HttpPubSubGlob.value(pattern));
		String key = (glob ? "glob:" : "exact:") + HttpPubSubGlob.value(pattern);
		CompletableFuture<Void> future = new CompletableFuture<>();
		synchronized (this.sendLock) {
			if (subscribe ? !this.remotePatterns.add(key) : !this.remotePatterns.remove(key)) {
				return CompletableFuture.completedFuture(null);
			}
			String url = urls().nextSubscriberUrl();
			int type = subscribe ? (glob ? WebsocketFrames.SUBSCRIBE_GLOB : WebsocketFrames.SUBSCRIBE_EXACT)
					: (glob ? WebsocketFrames.UNSUBSCRIBE_GLOB : WebsocketFrames.UNSUBSCRIBE_EXACT);
			String authorization = this.settings.toBroadcaster()
				.authorize(glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT, NO_TRACING,
						HttpPubSubProtocol.signSubscribe(url, null, value));
			synchronized (this.awaitingConfirmation) {
				this.awaitingConfirmation.add(new SubscriptionRequest(type, glob, value, url, future));
			}
			send(WebsocketFrames.encode(type, this.settings.minimalHeaders(),
					glob ? WebsocketFrames.SUBSCRIBE_GLOB_HEADERS : WebsocketFrames.SUBSCRIBE_EXACT_HEADERS,
					new byte[][] { utf8(authorization), NO_TRACING, value }, new byte[0]));
		}
		return future;
	}

	/**
	 * Notify subscribers and wait for the broadcaster's confirmation. Blocks; callers run one
	 * notification at a time per connection (the protocol forbids interleaving them).
	 * @param topic the topic
	 * @param data the message, read once
	 * @param length the message length
	 * @param sha512 the message's SHA-512
	 * @param timeout how long each acknowledgement may take
	 * @return the number of subscribers reached
	 */
	long notify(byte[] topic, InputStream data, long length, byte[] sha512, Duration timeout) throws IOException {
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
			String authorization = this.settings.toBroadcaster().authorize(AuthMessageType.NOTIFY, NO_TRACING, signed);
			byte[] message;
			if (partId == 0 && last) {
				message = WebsocketFrames.encode(WebsocketFrames.NOTIFY, this.settings.minimalHeaders(),
						WebsocketFrames.NOTIFY_HEADERS,
						new byte[][] { utf8(authorization), NO_TRACING, identifier, topic, ZERO,
								WebsocketFrames.minimalUnsigned(length), WebsocketFrames.minimalUnsigned(length), sha512 },
						payload);
			}
			else if (partId == 0) {
				message = WebsocketFrames.encode(WebsocketFrames.NOTIFY_STREAM, this.settings.minimalHeaders(),
						WebsocketFrames.STREAM_START_HEADERS,
						new byte[][] { utf8(authorization), NO_TRACING, identifier, ZERO, topic, ZERO,
								WebsocketFrames.minimalUnsigned(length), WebsocketFrames.minimalUnsigned(length), sha512 },
						payload);
			}
			else {
				message = WebsocketFrames.encode(WebsocketFrames.NOTIFY_STREAM, this.settings.minimalHeaders(),
						WebsocketFrames.STREAM_HEADERS,
						new byte[][] { utf8(authorization), NO_TRACING, identifier, WebsocketFrames.minimalUnsigned(partId) },
						payload);
			}
			NotifyWait wait = new NotifyWait(identifier);
			this.notifyWait = wait;
			send(message);
			WebsocketFrame reply = await(wait.reply, timeout, "notify");
			if (last) {
				if (reply.type() != WebsocketFrames.CONFIRM_NOTIFY) {
					throw new PubSubProtocolException("Expected CONFIRM_NOTIFY, got type " + reply.type());
				}
				long notified = reply.unsigned("x-subscribers", 8);
				verify(reply, AuthMessageType.CONFIRM_NOTIFY,
						HttpPubSubProtocol.signConfirmNotify(identifier, notified, topic, sha512), "CONFIRM_NOTIFY");
				return notified;
			}
			if (reply.type() != WebsocketFrames.CONTINUE_NOTIFY || reply.unsigned("x-part-id", 8) != partId) {
				throw new PubSubProtocolException("Expected CONTINUE_NOTIFY for part " + partId + ", got type "
						+ reply.type());
			}
			verify(reply, AuthMessageType.STATEFUL_CONTINUE_NOTIFY,
					new WireWriter().str8(identifier).u32(partId).toByteArray(), "CONTINUE_NOTIFY");
			partId++;
		}
	}

	private WebsocketFrame await(CompletableFuture<WebsocketFrame> reply, Duration timeout, String what) {
		try {
			return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			PubSubTimeoutException timeoutException = new PubSubTimeoutException("Broadcaster's answer to " + what,
					timeout);
			fail(timeoutException);
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

	private void sendContinueReceive(byte[] identifier, long partId) {
		synchronized (this.sendLock) {
			String url = urls().nextSubscriberUrl();
			// lonelypsp signs the part id as one byte (int.to_bytes(1)); beyond 255 its HMAC check fails.
			String authorization = this.settings.toBroadcaster()
				.authorize(AuthMessageType.STATEFUL_CONTINUE_RECEIVE, NO_TRACING,
						new WireWriter().str8(identifier).u8((int) (partId & 0xFF)).str16(url).toByteArray());
			send(WebsocketFrames.encode(WebsocketFrames.CONTINUE_RECEIVE, this.settings.minimalHeaders(),
					WebsocketFrames.CONTINUE_HEADERS,
					new byte[][] { identifier, WebsocketFrames.minimalUnsigned(partId), utf8(authorization), NO_TRACING },
					new byte[0]));
		}
	}

	private void sendConfirmReceive(byte[] identifier, int subscribers) {
		synchronized (this.sendLock) {
			String url = urls().nextSubscriberUrl();
			String authorization = this.settings.toBroadcaster()
				.authorize(AuthMessageType.CONFIRM_RECEIVE, NO_TRACING,
						HttpPubSubProtocol.signConfirmReceive(identifier, subscribers, url));
			send(WebsocketFrames.encode(WebsocketFrames.CONFIRM_RECEIVE, this.settings.minimalHeaders(),
					WebsocketFrames.CONFIRM_RECEIVE_HEADERS,
					new byte[][] { identifier, utf8(authorization), NO_TRACING,
							new WireWriter().u32(subscribers).toByteArray() },
					new byte[0]));
		}
	}

	private void send(byte[] message) {
		WebSocketSession current = this.session;
		if (current == null || !current.isOpen()) {
			throw new PubSubConnectionLostException("httppubsub websocket is not open");
		}
		synchronized (this.sendLock) {
			try {
				current.sendMessage(new BinaryMessage(message));
			}
			catch (IOException ex) {
				PubSubConnectionLostException lost = new PubSubConnectionLostException(
						"Sending to the broadcaster failed: " + ex.getMessage(), ex);
				fail(lost);
				throw lost;
			}
		}
	}

	private WebsocketAuthUrls urls() {
		WebsocketAuthUrls current = this.urls;
		if (current == null) {
			throw new PubSubConnectionLostException("httppubsub websocket is not configured yet");
		}
		return current;
	}

	private static byte[] utf8(@Nullable String value) {
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
					+ dev.pubsub.core.support.LogSanitizer.sanitize(cause.getMessage()));
		}
		failWaiters(cause);
		closeSession(CloseStatus.PROTOCOL_ERROR);
	}

	/**
	 * Close the connection on request; no loss is reported.
	 */
	void close() {
		this.closing = true;
		PubSubConnectionLostException closed = new PubSubConnectionLostException("httppubsub websocket closed");
		failWaiters(closed);
		this.configured.completeExceptionally(closed);
		closeSession(CloseStatus.NORMAL);
	}

	private void closeSession(CloseStatus status) {
		WebSocketSession current = this.session;
		if (current != null && current.isOpen()) {
			try {
				current.close(status);
			}
			catch (IOException ex) {
				logger.debug("Closing httppubsub websocket failed", ex);
			}
		}
	}

	private void failWaiters(Throwable cause) {
		NotifyWait wait = this.notifyWait;
		if (wait != null) {
			wait.reply.completeExceptionally(cause);
		}
		synchronized (this.awaitingConfirmation) {
			for (SubscriptionRequest request : this.awaitingConfirmation) {
				request.future.completeExceptionally(cause);
			}
			this.awaitingConfirmation.clear();
		}
	}

	/**
	 * What the connection reports to its client.
	 */
	interface Callbacks {

		/**
		 * A complete, verified message arrived (called on the I/O thread; must not block).
		 * @return whether a local subscription took it
		 */
		boolean deliver(byte[] topic, byte[] identifier, byte[] data, byte[] sha512);

		/** A larger message than allowed was acknowledged and dropped. */
		void dropped(PubSubMessageTooLargeException cause);

		/** The broadcaster reported missed messages on a topic. */
		void missed(byte[] topic);

		/** The connection closed without being asked to. */
		void closed(WebsocketConnection connection, Throwable cause);

	}

	private record SubscriptionRequest(int type, boolean glob, byte[] value, String url,
			CompletableFuture<Void> future) {
	}

	private static final class NotifyWait {

		private final byte[] identifier;

		private final CompletableFuture<WebsocketFrame> reply = new CompletableFuture<>();

		NotifyWait(byte[] identifier) {
			this.identifier = identifier;
		}

	}

	private static final class IncomingMessage {

		private final byte[] identifier;

		private final byte[] topic;

		private final byte[] sha512;

		private final long length;

		private final boolean kept;

		private final MessageDigest digest = HttpPubSubProtocol.sha512();

		private final ByteArrayOutputStream body;

		private long received;

		private long nextPart = 1;

		IncomingMessage(byte[] identifier, byte[] topic, byte[] sha512, long length, boolean kept) {
			this.identifier = identifier;
			this.topic = topic;
			this.sha512 = sha512;
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
