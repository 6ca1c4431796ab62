package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.AuthResult;
import dev.pubsub.httppubsub.HttpPubSubGlob;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WebsocketAuthUrls;
import dev.pubsub.httppubsub.WebsocketFrame;
import dev.pubsub.httppubsub.WebsocketFrames;
import dev.pubsub.httppubsub.WireWriter;

/**
 * One subscriber's websocket at the embedded broadcaster, following lonelypss 0.0.12's
 * {@code ws/handlers}: CONFIGURE first (anything else closes), then subscriptions held by the socket
 * (a duplicate subscribe or a missing unsubscribe closes it, as lonelypss raises), deliveries as
 * RECEIVE_STREAM parts of at most {@code part-size} with at most {@code max-unacknowledged} parts
 * awaiting their CONTINUE_RECEIVE or CONFIRM_RECEIVE (lonelypss's {@code expecting_acks}), and
 * MISSED notices. A socket is sent one copy of a message however many of its subscriptions match
 * (lonelypss's {@code SimpleReceiver.is_relevant}). Every message is authorized with the
 * {@link WebsocketAuthUrls} counters; a failed check closes the socket. Notifications are handled by
 * {@link BroadcasterSocketNotify}. Messages from the subscriber are handled on the container's reader
 * of the socket, one at a time; deliveries arrive on fan-out threads.
 */
final class BroadcasterSocket {

	static final byte[] NO_TRACING = new byte[0];

	private static final SecureRandom RANDOM = new SecureRandom();

	private final WebSocketSession session;

	private final BroadcasterWebsockets owner;

	private final Set<ByteBuffer> exact = ConcurrentHashMap.newKeySet();

	private final Map<String, Predicate<String>> globs = new ConcurrentHashMap<>();

	private final Object sendLock = new Object();

	private final Object deliveryLock = new Object();

	private final Deque<ExpectedAck> expected = new ArrayDeque<>();

	private final Semaphore window;

	private final BroadcasterSocketNotify notify;

	private volatile @Nullable WebsocketAuthUrls urls;

	private volatile boolean closed;

	BroadcasterSocket(WebSocketSession session, BroadcasterWebsockets owner) {
		this.session = session;
		this.owner = owner;
		this.window = new Semaphore(owner.maxUnacknowledged());
		this.notify = new BroadcasterSocketNotify(this, owner);
	}

	WebSocketSession session() {
		return this.session;
	}

	boolean isConfigured() {
		return this.urls != null && !this.closed;
	}

	int subscriptionCount() {
		return isConfigured() ? this.exact.size() + this.globs.size() : 0;
	}

	boolean isRelevant(byte[] topic) {
		if (!isConfigured()) {
			return false;
		}
		if (this.exact.contains(ByteBuffer.wrap(topic))) {
			return true;
		}
		String text = utf8(topic);
		return text != null && this.globs.values().stream().anyMatch((glob) -> glob.test(text));
	}

	// ---- from the subscriber (the container's reader) ----------------------------------------------

	void onMessage(byte[] message) {
		WebsocketFrame frame = WebsocketFrames.decodeFromSubscriber(message);
		WebsocketAuthUrls current = this.urls;
		if (current == null) {
			if (frame.type() != WebsocketFrames.CONFIGURE) {
				throw new PubSubProtocolException("Expected CONFIGURE, got type " + frame.type());
			}
			configure(frame);
			return;
		}
		switch (frame.type()) {
			case WebsocketFrames.SUBSCRIBE_EXACT, WebsocketFrames.SUBSCRIBE_GLOB, WebsocketFrames.UNSUBSCRIBE_EXACT,
					WebsocketFrames.UNSUBSCRIBE_GLOB ->
				subscription(frame, current);
			case WebsocketFrames.NOTIFY, WebsocketFrames.NOTIFY_STREAM -> this.notify.onNotify(frame);
			case WebsocketFrames.CONTINUE_RECEIVE -> acknowledged(frame, frame.unsigned("x-part-id", 8),
					AuthMessageType.STATEFUL_CONTINUE_RECEIVE, (url) -> continueReceiveSigned(frame, url));
			case WebsocketFrames.CONFIRM_RECEIVE -> acknowledged(frame, -1, AuthMessageType.CONFIRM_RECEIVE,
					(url) -> HttpPubSubProtocol.signConfirmReceive(frame.header("x-identifier"),
							frame.unsigned("x-num-subscribers", 4), url));
			default -> throw new PubSubProtocolException("Unexpected subscriber message type " + frame.type());
		}
	}

	private void configure(WebsocketFrame frame) {
		byte[] subscriberNonce = frame.header("x-subscriber-nonce");
		if (subscriberNonce.length != 32) {
			throw new PubSubProtocolException("x-subscriber-nonce must be 32 bytes");
		}
		byte[] signed = new WireWriter().str8(subscriberNonce)
			.u8((int) frame.unsigned("x-enable-zstd", 1))
			.u8((int) frame.unsigned("x-enable-training", 1))
			.u16((int) frame.unsigned("x-initial-dict", 2))
			.toByteArray();
		verify(frame, AuthMessageType.STATEFUL_CONFIGURE, signed, "CONFIGURE");
		// compression is not offered (lonelypss with compression_allowed=False): zstd requests are ignored
		byte[] broadcasterNonce = new byte[32];
		RANDOM.nextBytes(broadcasterNonce);
		String authorization = this.owner.toSubscriber()
			.authorize(AuthMessageType.STATEFUL_CONFIRM_CONFIGURE, NO_TRACING,
					new WireWriter().str8(broadcasterNonce).toByteArray());
		synchronized (this.sendLock) {
			this.urls = new WebsocketAuthUrls(subscriberNonce, broadcasterNonce);
			sendLocked(WebsocketFrames.CONFIRM_CONFIGURE, false,
					new byte[][] { broadcasterNonce, utf8Bytes(authorization), NO_TRACING }, new byte[0]);
		}
	}

	private void subscription(WebsocketFrame frame, WebsocketAuthUrls current) {
		int type = frame.type();
		boolean glob = type == WebsocketFrames.SUBSCRIBE_GLOB || type == WebsocketFrames.UNSUBSCRIBE_GLOB;
		boolean subscribe = type == WebsocketFrames.SUBSCRIBE_EXACT || type == WebsocketFrames.SUBSCRIBE_GLOB;
		byte[] value = frame.header(glob ? "x-glob" : "x-topic");
		String url = current.nextSubscriberUrl();
		// lonelypss checks an unsubscribe with the subscribe types, and confirms both with the subscribe confirm types
		byte[] signed = HttpPubSubProtocol.signSubscribe(url, null, value);
		verify(frame, glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT, signed,
				"(un)subscribe");
		String text = glob ? utf8(value) : null;
		if (glob && text == null) {
			throw new PubSubProtocolException("Glob is not UTF-8");
		}
		boolean held = glob ? this.globs.containsKey(text) : this.exact.contains(ByteBuffer.wrap(value));
		if (held == subscribe) {
			throw new PubSubProtocolException(subscribe ? "already subscribed" : "not subscribed");
		}
		String authorization = this.owner.toSubscriber()
			.authorize(glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT,
					NO_TRACING, signed);
		byte[][] confirm = { value, utf8Bytes(authorization), NO_TRACING };
		// as lonelypss: a subscribe is confirmed before it is registered (nothing arrives before its confirm),
		// an unsubscribe is removed before it is confirmed (nothing arrives after it); the type numbers of the
		// confirms equal those of the requests
		if (subscribe) {
			send(type, false, confirm, new byte[0]);
			if (glob) {
				this.globs.put(text, HttpPubSubGlob.compile(text));
			}
			else {
				this.exact.add(ByteBuffer.wrap(value.clone()));
			}
		}
		else {
			if (glob) {
				this.globs.remove(text);
			}
			else {
				this.exact.remove(ByteBuffer.wrap(value));
			}
			send(type, false, confirm, new byte[0]);
		}
	}

	/** What CONTINUE_RECEIVE signs: lonelypsp signs the part id as one byte ({@code int.to_bytes(1)}). */
	private static byte[] continueReceiveSigned(WebsocketFrame frame, String url) {
		long partId = frame.unsigned("x-part-id", 8);
		return new WireWriter().str8(frame.header("x-identifier")).u8((int) (partId & 0xFF)).str16(url).toByteArray();
	}

	private void acknowledged(WebsocketFrame frame, long partId, int authType, Function<String, byte[]> signed) {
		WebsocketAuthUrls current = this.urls;
		if (current == null) {
			throw new PubSubProtocolException("Not configured");
		}
		String url = current.nextSubscriberUrl();
		verify(frame, authType, signed.apply(url), "acknowledgement");
		ExpectedAck head;
		synchronized (this.expected) {
			head = this.expected.poll();
		}
		if (head == null || !Arrays.equals(head.identifier, frame.header("x-identifier")) || head.partId != partId) {
			throw new PubSubProtocolException("Subscriber acknowledged a part that was not sent next");
		}
		if (head.permit) {
			this.window.release();
		}
	}

	void verify(WebsocketFrame frame, int type, byte[] signed, String what) {
		AuthResult result = this.owner.toBroadcaster().verify(frame.authorization(), type, frame.tracing(), signed);
		if (result != AuthResult.OK) {
			throw new PubSubProtocolException("Subscriber's " + what + " failed authorization (" + result + ")");
		}
	}

	// ---- to the subscriber ---------------------------------------------------------------------------

	/**
	 * Deliver a message in RECEIVE_STREAM parts, one message at a time per socket, waiting for room in
	 * the acknowledgement window before each part.
	 * @return 1 if sent, 0 if the socket closed first
	 */
	long deliver(byte[] topic, byte[] message, byte[] sha512, byte[] tracing) {
		WebsocketAuthUrls current = this.urls;
		if (current == null) {
			return 0;
		}
		synchronized (this.deliveryLock) {
			byte[] identifier = new byte[4];
			RANDOM.nextBytes(identifier);
			int partSize = this.owner.partSize();
			long partId = 0;
			int position = 0;
			do {
				int length = Math.min(partSize, message.length - position);
				byte[] payload = Arrays.copyOfRange(message, position, position + length);
				position += length;
				boolean last = position >= message.length;
				boolean permit = !this.owner.windowLifted();
				if (permit && !awaitWindow()) {
					return 0;
				}
				synchronized (this.expected) {
					this.expected.add(new ExpectedAck(identifier, last ? -1 : partId, permit));
				}
				synchronized (this.sendLock) {
					String authorization = utf8OrEmpty(this.owner.toSubscriber()
						.authorize(AuthMessageType.RECEIVE, tracing, HttpPubSubProtocol
							.signReceive(current.nextBroadcasterUrl(), topic, identifier, sha512)));
					byte[][] values = (partId == 0)
							? new byte[][] { utf8Bytes(authorization), tracing, identifier, new byte[0], topic,
									{ 0 }, WebsocketFrames.minimalUnsigned(message.length),
									WebsocketFrames.minimalUnsigned(message.length), sha512 }
							: new byte[][] { utf8Bytes(authorization), tracing, identifier,
									WebsocketFrames.minimalUnsigned(partId) };
					if (!sendLockedQuietly(WebsocketFrames.RECEIVE_STREAM, partId == 0, values, payload)) {
						return 0;
					}
				}
				partId++;
			}
			while (position < message.length);
			return 1;
		}
	}

	private boolean awaitWindow() {
		while (!this.closed) {
			try {
				if (this.window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					return !this.closed;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	/** Send a MISSED notice for a topic. */
	void sendMissed(byte[] topic) {
		WebsocketAuthUrls current = this.urls;
		if (current == null) {
			return;
		}
		synchronized (this.sendLock) {
			String authorization = this.owner.toSubscriber()
				.authorize(AuthMessageType.MISSED, NO_TRACING,
						HttpPubSubProtocol.signMissed(current.nextBroadcasterUrl(), topic));
			sendLockedQuietly(WebsocketFrames.MISSED, false, new byte[][] { utf8Bytes(authorization), NO_TRACING, topic },
					new byte[0]);
		}
	}

	/** Send raw bytes as one binary message, outside the protocol (fault hook). */
	boolean sendRaw(byte[] message) {
		synchronized (this.sendLock) {
			try {
				this.session.sendMessage(new BinaryMessage(message));
				return true;
			}
			catch (IOException | IllegalStateException ex) {
				return false;
			}
		}
	}

	void send(int type, boolean streamStart, byte[][] values, byte[] payload) {
		synchronized (this.sendLock) {
			sendLocked(type, streamStart, values, payload);
		}
	}

	private void sendLocked(int type, boolean streamStart, byte[][] values, byte[] payload) {
		if (!sendLockedQuietly(type, streamStart, values, payload)) {
			throw new PubSubProtocolException("Cannot send to the subscriber");
		}
	}

	private boolean sendLockedQuietly(int type, boolean streamStart, byte[][] values, byte[] payload) {
		byte[] encoded = WebsocketFrames.encode(type, true, WebsocketFrames.broadcasterHeaderNames(type, streamStart),
				values, payload);
		try {
			this.session.sendMessage(new BinaryMessage(encoded));
			return true;
		}
		catch (IOException | IllegalStateException ex) {
			close(CloseStatus.SERVER_ERROR);
			return false;
		}
	}

	// ---- closing ------------------------------------------------------------------------------------

	void close(CloseStatus status) {
		closed();
		try {
			this.session.close(status);
		}
		catch (IOException | RuntimeException ex) {
			// already closing
		}
	}

	/** The socket closed: forget the subscriptions, free the waiting deliveries. */
	void closed() {
		this.closed = true;
		this.exact.clear();
		this.globs.clear();
		this.window.release(Integer.MAX_VALUE / 2);
		this.notify.closed();
	}

	static byte[] utf8Bytes(@Nullable String value) {
		return (value != null) ? value.getBytes(StandardCharsets.UTF_8) : new byte[0];
	}

	private static String utf8OrEmpty(@Nullable String value) {
		return (value != null) ? value : "";
	}

	static @Nullable String utf8(byte[] bytes) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	/**
	 * A part sent and not yet acknowledged: its message's identifier, its part id (-1 for the last) and
	 * whether it holds a permit of the window.
	 */
	private record ExpectedAck(byte[] identifier, long partId, boolean permit) {
	}

}
