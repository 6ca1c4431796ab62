package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.test.EmbeddedPubSubServer;

/**
 * An in-process httppubsub broadcaster speaking the stateless lonelypsp protocol the way lonelypss
 * does: subscribe/unsubscribe exact and glob (409 on duplicates and missing entries),
 * check/set subscriptions with strong etags, notify with SHA-512 and length checks, sequential
 * fan-out to exact then glob subscribers (fnmatch globs, which lonelypss on SQLite fails to
 * match), confirm-receive verification, unsubscribe-immediate, and one missed notice to the
 * recovery URL after a failed delivery. Auth (none, token, HMAC with replay protection) per
 * direction. Binds 127.0.0.1; port 0 picks a free port. Subscriptions live in memory.
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

	private static final int MAX_BODY = 64 * 1024 * 1024;

	private final int requestedPort;

	private final HttpPubSubAuth toBroadcaster;

	private final HttpPubSubAuth toSubscriber;

	private final @Nullable BroadcasterSecrets authSecrets;

	private final BroadcasterSubscriptions subscriptions = new BroadcasterSubscriptions();

	private final BroadcasterRequests requests;

	private volatile @Nullable HttpServer server;

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
		BroadcasterFanOut fanOut = new BroadcasterFanOut(this.subscriptions, toBroadcaster, toSubscriber,
				() -> this.executor);
		this.requests = new BroadcasterRequests(this.subscriptions, fanOut, toBroadcaster, toSubscriber);
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
		try {
			HttpServer httpServer = HttpServer
				.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.requestedPort), 64);
			this.executor = Executors.newCachedThreadPool((runnable) -> {
				Thread thread = new Thread(runnable, "embedded-httppubsub");
				thread.setDaemon(true);
				return thread;
			});
			httpServer.setExecutor(this.executor);
			httpServer.createContext("/v1/", this::handle);
			startDispatcherAsDaemon(httpServer);
			this.server = httpServer;
			return this;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start the embedded httppubsub broadcaster", ex);
		}
	}

	/**
	 * Start the server from a daemon thread: the JDK server's dispatcher thread takes its daemon status
	 * from the thread that starts it, and a non-daemon one would keep a JVM that never stops this
	 * broadcaster (a failing build step) alive.
	 */
	private static void startDispatcherAsDaemon(HttpServer httpServer) {
		Thread starter = new Thread(httpServer::start, "embedded-httppubsub-start");
		starter.setDaemon(true);
		starter.start();
		try {
			starter.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			httpServer.stop(0);
			throw new IllegalStateException("Interrupted while starting the embedded httppubsub broadcaster", ex);
		}
	}

	/**
	 * Stop listening; subscriptions are kept (like a restart with a persistent store).
	 */
	@Override
	public synchronized void stop() {
		HttpServer httpServer = this.server;
		if (httpServer != null) {
			httpServer.stop(0);
			this.server = null;
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
		HttpServer httpServer = this.server;
		if (httpServer == null) {
			throw new IllegalStateException("not started");
		}
		return httpServer.getAddress().getPort();
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

	@Override
	public void close() {
		stop();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (!"POST".equals(exchange.getRequestMethod())) {
				respond(exchange, 405, new byte[0]);
				return;
			}
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readNBytes(MAX_BODY + 1);
			}
			if (body.length > MAX_BODY) {
				respond(exchange, 413, new byte[0]);
				return;
			}
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			BroadcasterRequests.Answer answer;
			try {
				answer = switch (exchange.getRequestURI().getPath()) {
					case HttpPubSubProtocol.SUBSCRIBE_EXACT -> this.requests.subscribe(body, authorization, false);
					case HttpPubSubProtocol.SUBSCRIBE_GLOB -> this.requests.subscribe(body, authorization, true);
					case HttpPubSubProtocol.UNSUBSCRIBE_EXACT -> this.requests.unsubscribe(body, authorization, false);
					case HttpPubSubProtocol.UNSUBSCRIBE_GLOB -> this.requests.unsubscribe(body, authorization, true);
					case HttpPubSubProtocol.CHECK_SUBSCRIPTIONS -> this.requests.check(body, authorization);
					case HttpPubSubProtocol.SET_SUBSCRIPTIONS -> this.requests.set(body, authorization);
					case HttpPubSubProtocol.NOTIFY -> this.requests.notify(body, authorization);
					default -> new BroadcasterRequests.Answer(404, new byte[0]);
				};
			}
			catch (PubSubProtocolException | IllegalArgumentException ex) {
				answer = new BroadcasterRequests.Answer(400, new byte[0]);
			}
			respond(exchange, answer.status(), answer.body());
		}
	}

	private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().set("Content-Type", HttpPubSubProtocol.CONTENT_TYPE);
		exchange.sendResponseHeaders(status, (body.length > 0) ? body.length : -1);
		if (body.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(body);
			}
		}
	}

}
