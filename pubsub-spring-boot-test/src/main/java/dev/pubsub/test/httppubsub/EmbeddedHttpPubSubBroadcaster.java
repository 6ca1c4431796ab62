package dev.pubsub.test.httppubsub;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;

import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.test.EmbeddedPubSubServer;
import dev.pubsub.test.support.EmbeddedTomcat;
import dev.pubsub.test.support.FaultInjectingWebSocketHandler;

/**
 * An in-process httppubsub broadcaster speaking the stateless lonelypsp protocol the way lonelypss
 * does: subscribe/unsubscribe exact and glob (409 on duplicates and missing entries),
 * check/set subscriptions with strong etags, notify with SHA-512 and length checks, sequential
 * fan-out to exact then glob subscribers (fnmatch globs, which lonelypss on SQLite fails to
 * match), confirm-receive verification, unsubscribe-immediate, and one missed notice to the
 * recovery URL after a failed delivery. Auth (none, token, HMAC with replay protection) per
 * direction. Binds 127.0.0.1 (an embedded Tomcat); port 0 picks a free port. Subscriptions live in
 * memory.
 * <p>
 * It also serves the stateful variant, {@code GET /v1/websocket} ({@link BroadcasterWebsockets}):
 * CONFIGURE with the connection nonce and the {@code websocket:<nonce>:<counter>} auth URLs,
 * subscriptions held by the socket, NOTIFY and NOTIFY_STREAM, deliveries in acknowledged
 * RECEIVE_STREAM parts of {@link #websocketPartSize(int)} with at most three unacknowledged (lonelypss's
 * defaults), and MISSED notices ({@link #sendMissed(byte[])}). Notifications over HTTP or a websocket
 * reach the subscribers of both. {@link #websocketFaults()} and the hooks below misbehave on purpose,
 * for the provider contract kit.
 * <p>
 * Unlike lonelypss 0.0.12, whose simple tracer sends an empty {@code tracing} field to
 * subscribers, it relays the notification's {@code tracing} field to every RECEIVE, so trace
 * propagation can be tested end to end. The endpoints are {@link BroadcasterRequests}, the
 * fan-out {@link BroadcasterFanOut}, the store {@link BroadcasterSubscriptions}.
 * <p>
 * Created with {@link #withAuth(int, HttpPubSubAuth.Mode, String, String)} it remembers its secrets
 * ({@link #authSecrets()}) so a test can configure its client with them;
 * {@link EmbeddedHttpPubSub @EmbeddedHttpPubSub} does that for a Spring test.
 */
public final class EmbeddedHttpPubSubBroadcaster implements EmbeddedPubSubServer {

	/** The path of the websocket variant. */
	public static final String WEBSOCKET_PATH = "/v1/websocket";

	private final int requestedPort;

	private final HttpPubSubAuth toBroadcaster;

	private final HttpPubSubAuth toSubscriber;

	private final @Nullable BroadcasterSecrets authSecrets;

	private final BroadcasterSubscriptions subscriptions = new BroadcasterSubscriptions();

	private final BroadcasterRequests requests;

	private final BroadcasterFanOut fanOut;

	private final BroadcasterWebsockets websockets;

	private final FaultInjectingWebSocketHandler faults;

	private volatile @Nullable EmbeddedTomcat server;

	private volatile @Nullable ExecutorService executor;

	/**
	 * Create a broadcaster.
	 * @param port the port, 0 for a free one
	 * @param toBroadcaster auth expected on subscriber requests
	 * @param toSubscriber auth of the requests to subscribers
	 */
	public EmbeddedHttpPubSubBroadcaster(int port, HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber) {
		this(port, toBroadcaster, toSubscriber, null);
	}

	private EmbeddedHttpPubSubBroadcaster(int port, HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber,
			@Nullable BroadcasterSecrets authSecrets) {
		this.requestedPort = port;
		this.toBroadcaster = toBroadcaster;
		this.toSubscriber = toSubscriber;
		this.authSecrets = authSecrets;
		this.websockets = new BroadcasterWebsockets(toBroadcaster, toSubscriber, () -> this.executor);
		this.faults = new FaultInjectingWebSocketHandler(this.websockets);
		this.fanOut = new BroadcasterFanOut(this.subscriptions, toBroadcaster, toSubscriber, () -> this.executor,
				this.websockets);
		this.websockets.fanOut(this.fanOut::fanOut);
		this.requests = new BroadcasterRequests(this.subscriptions, this.fanOut, toBroadcaster, toSubscriber);
	}

	/**
	 * Create a broadcaster without authorization on a free port.
	 * @return the broadcaster (not started)
	 */
	public static EmbeddedHttpPubSubBroadcaster create() {
		return withAuth(0, HttpPubSubAuth.Mode.NONE, null, null);
	}

	/**
	 * Create a broadcaster whose two directions use one authorization mode, remembering the secrets
	 * ({@link #authSecrets()}).
	 * @param port the port, 0 for a free one
	 * @param mode the mode of both directions
	 * @param toBroadcasterSecret the token or HMAC secret subscribers authorize their requests with; null or
	 * empty for a random one (ignored for {@code NONE})
	 * @param toSubscriberSecret the token or HMAC secret the broadcaster authorizes its requests to subscribers
	 * with; null or empty for a random one (ignored for {@code NONE})
	 * @return the broadcaster (not started)
	 */
	public static EmbeddedHttpPubSubBroadcaster withAuth(int port, HttpPubSubAuth.Mode mode,
			@Nullable String toBroadcasterSecret, @Nullable String toSubscriberSecret) {
		BroadcasterSecrets secrets = BroadcasterSecrets.create(mode, toBroadcasterSecret, toSubscriberSecret);
		return new EmbeddedHttpPubSubBroadcaster(port, secrets.toBroadcasterAuth(), secrets.toSubscriberAuth(),
				secrets);
	}

	/**
	 * Start listening.
	 * @return this broadcaster
	 */
	@Override
	public synchronized EmbeddedHttpPubSubBroadcaster start() {
		if (this.server != null) {
			return this;
		}
		ExecutorService pool = Executors.newCachedThreadPool((runnable) -> {
			Thread thread = new Thread(runnable, "embedded-httppubsub");
			thread.setDaemon(true);
			return thread;
		});
		this.executor = pool;
		try {
			WebSocketHttpRequestHandler upgrade = new WebSocketHttpRequestHandler(this.faults);
			this.server = EmbeddedTomcat.start("httppubsub broadcaster", "embedded-httppubsub", this.requestedPort,
					(context) -> {
						// The handler joins partial messages up to its frame limit, so the container keeps its
						// small default buffers; every path that is not an endpoint goes to the upgrade servlet
						// (404 unless it is /v1/websocket).
						EmbeddedTomcat.addUpgradeServlet(context, "httppubsub-websocket", upgrade,
								WEBSOCKET_PATH::equals, (container) -> container.setDefaultMaxSessionIdleTimeout(0));
						Wrapper wrapper = Tomcat.addServlet(context, "httppubsub",
								new BroadcasterHttpServlet(this.requests));
						wrapper.setLoadOnStartup(1);
						BroadcasterHttpServlet.PATHS.forEach((path) -> context.addServletMappingDecoded(path, "httppubsub"));
					});
			return this;
		}
		catch (RuntimeException ex) {
			this.executor = null;
			pool.shutdownNow();
			throw ex;
		}
	}

	/**
	 * Stop listening; subscriptions are kept (like a restart with a persistent store).
	 */
	@Override
	public synchronized void stop() {
		EmbeddedTomcat tomcat = this.server;
		if (tomcat != null) {
			this.server = null;
			tomcat.stop();
		}
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	/**
	 * Forget every subscription (like a broadcaster that lost its store).
	 */
	public void clearSubscriptions() {
		this.subscriptions.clear();
	}

	/**
	 * Whether the broadcaster is started and not yet stopped.
	 * @return whether it listens
	 */
	@Override
	public boolean isRunning() {
		return this.server != null;
	}

	/**
	 * The secrets of a broadcaster created with {@link #withAuth(int, HttpPubSubAuth.Mode, String, String)}:
	 * the values of the client's {@code to-broadcaster.*} and {@code to-subscriber.*} properties.
	 * @return the secrets, or {@code null} for a broadcaster created from {@link HttpPubSubAuth} objects (which
	 * do not reveal theirs)
	 */
	public @Nullable BroadcasterSecrets authSecrets() {
		return this.authSecrets;
	}

	/**
	 * The bound port.
	 * @return the port
	 * @throws IllegalStateException if the broadcaster is not running
	 */
	@Override
	public int port() {
		EmbeddedTomcat tomcat = this.server;
		if (tomcat == null) {
			throw new IllegalStateException("not started");
		}
		return tomcat.port();
	}

	/**
	 * The base URL, the value of a client's {@code httppubsub.broadcasters}.
	 * @return {@code http://127.0.0.1:<port>}
	 * @throws IllegalStateException if the broadcaster is not running
	 */
	@Override
	public String url() {
		return "http://127.0.0.1:" + port();
	}

	/**
	 * Return how many subscriptions (exact plus glob) a receive URL has.
	 * @param url the receive URL
	 * @return the count
	 */
	public int subscriptionCount(String url) {
		return this.subscriptions.count(url);
	}

	/**
	 * Return how many notifications were accepted.
	 * @return the count
	 */
	public long notifications() {
		return this.requests.notifications();
	}

	/**
	 * Describe the fan-out so far (notifications accepted, deliveries that failed and the last failure,
	 * UNSUBSCRIBE_IMMEDIATE answers), for test failure messages.
	 * @return the description
	 */
	public String describeFanOut() {
		return "notifications: " + notifications() + ", " + this.fanOut.describe();
	}

	@Override
	public void close() {
		stop();
	}

	// ---- websocket variant ---------------------------------------------------------------------------

	/**
	 * Notify subscribers (HTTP and websocket) from inside the broadcaster, as a notify from another
	 * service would, without the HTTP round trip.
	 * @param topic the topic
	 * @param message the message
	 * @return how many subscribers were reached
	 */
	public long notify(byte[] topic, byte[] message) {
		return this.fanOut.fanOut(topic, message, HttpPubSubProtocol.sha512(message), new byte[0]);
	}

	/**
	 * Return how many subscriptions (exact plus glob) the configured websockets hold.
	 * @return the count
	 */
	public int websocketSubscriptionCount() {
		return this.websockets.subscriptionCount();
	}

	/**
	 * Set the largest RECEIVE_STREAM part sent to a websocket (lonelypss's
	 * {@code outgoing_max_ws_message_size}); 1 MiB unless set.
	 * @param bytes the part size, at least 512
	 * @return this broadcaster
	 */
	public EmbeddedHttpPubSubBroadcaster websocketPartSize(int bytes) {
		if (bytes < 512) {
			throw new IllegalArgumentException("part size must be at least 512 bytes");
		}
		this.websockets.partSize(bytes);
		return this;
	}

	/**
	 * Set the largest websocket message accepted from a subscriber; a larger one closes the socket with
	 * 1009. 2 MiB unless set.
	 * @param bytes the limit
	 * @return this broadcaster
	 */
	public EmbeddedHttpPubSubBroadcaster websocketMaxFrameSize(int bytes) {
		this.websockets.maxFrameSize(bytes);
		return this;
	}

	/**
	 * The connection-level fault hooks of the websocket variant: drop every connection without a close
	 * frame, accept-then-close, accept times, raw text frames and suspended reading.
	 * @return the hooks
	 */
	public FaultInjectingWebSocketHandler websocketFaults() {
		return this.faults;
	}

	/**
	 * Send one binary message outside the protocol to every configured websocket (garbage, oversized).
	 * @param message the bytes
	 * @return how many sockets it was written to
	 */
	public int sendRawToWebsockets(byte[] message) {
		return this.websockets.sendRawToAll(message);
	}

	/**
	 * Send a MISSED notice for a topic to every websocket with a matching subscription.
	 * @param topic the topic
	 * @return how many sockets it was sent to
	 */
	public int sendMissed(byte[] topic) {
		return this.websockets.sendMissed(topic);
	}

	/**
	 * Lift the limit of three unacknowledged RECEIVE_STREAM parts per websocket (lonelypss with
	 * {@code websocket_send_max_unacknowledged=None}), so that deliveries continue while the
	 * broadcaster does not read its subscribers' acknowledgements; writes then block on TCP
	 * back-pressure only.
	 * @param lifted whether the limit is lifted
	 */
	public void liftWebsocketAckWindow(boolean lifted) {
		this.websockets.liftWindow(lifted);
	}

}
