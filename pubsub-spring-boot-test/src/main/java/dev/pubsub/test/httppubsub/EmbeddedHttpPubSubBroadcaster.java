package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.AuthResult;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubGlob;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireReader;
import dev.pubsub.httppubsub.WireWriter;
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

	private final Map<String, Subscriptions> subscriptions = new ConcurrentHashMap<>();

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong notifications = new AtomicLong();

	private volatile @Nullable HttpServer server;

	private @Nullable ExecutorService executor;

	private final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

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
		Subscriptions subs = this.subscriptions.get(url);
		return (subs != null) ? subs.exact.size() + subs.glob.size() : 0;
	}

	/**
	 * Return how many notifications were accepted.
	 * @return the count
	 */
	public long notifications() {
		return this.notifications.get();
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
			Answer answer;
			try {
				answer = switch (exchange.getRequestURI().getPath()) {
					case HttpPubSubProtocol.SUBSCRIBE_EXACT -> subscribe(body, authorization, false);
					case HttpPubSubProtocol.SUBSCRIBE_GLOB -> subscribe(body, authorization, true);
					case HttpPubSubProtocol.UNSUBSCRIBE_EXACT -> unsubscribe(body, authorization, false);
					case HttpPubSubProtocol.UNSUBSCRIBE_GLOB -> unsubscribe(body, authorization, true);
					case HttpPubSubProtocol.CHECK_SUBSCRIPTIONS -> check(body, authorization);
					case HttpPubSubProtocol.SET_SUBSCRIPTIONS -> set(body, authorization);
					case HttpPubSubProtocol.NOTIFY -> notify(body, authorization);
					default -> new Answer(404, new byte[0]);
				};
			}
			catch (PubSubProtocolException | IllegalArgumentException ex) {
				answer = new Answer(400, new byte[0]);
			}
			respond(exchange, answer.status, answer.body);
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

	private @Nullable Answer refused(AuthResult result) {
		return switch (result) {
			case OK -> null;
			case UNAUTHORIZED -> new Answer(401, new byte[0]);
			case FORBIDDEN -> new Answer(403, new byte[0]);
		};
	}

	private Answer subscribe(byte[] body, @Nullable String authorization, boolean glob) {
		WireReader reader = new WireReader(body);
		String url = reader.str16Utf8("url");
		byte[] value = reader.str16(glob ? "glob" : "topic");
		String recovery = reader.str16Utf8("recovery");
		byte[] tracing = reader.str16("tracing");
		Answer refused = refused(this.toBroadcaster.verify(authorization,
				glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT, tracing,
				HttpPubSubProtocol.signSubscribe(url, recovery.isEmpty() ? null : recovery, value)));
		if (refused != null) {
			return refused;
		}
		Subscriptions subs = this.subscriptions.computeIfAbsent(url, (key) -> new Subscriptions());
		Map<ByteBuffer, String> target = glob ? subs.glob : subs.exact;
		if (glob) {
			HttpPubSubGlob.compile(new String(value, StandardCharsets.UTF_8));
		}
		if (target.putIfAbsent(ByteBuffer.wrap(value), recovery) != null) {
			return new Answer(409, new byte[0]);
		}
		return generic(glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT,
				HttpPubSubProtocol.signSubscribe(url, recovery.isEmpty() ? null : recovery, value));
	}

	private Answer unsubscribe(byte[] body, @Nullable String authorization, boolean glob) {
		WireReader reader = new WireReader(body);
		String url = reader.str16Utf8("url");
		byte[] value = reader.str16(glob ? "glob" : "topic");
		byte[] tracing = reader.str16("tracing");
		byte[] signed = HttpPubSubProtocol.signSubscribe(url, null, value);
		Answer refused = refused(this.toBroadcaster.verify(authorization,
				glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT, tracing, signed));
		if (refused != null) {
			return refused;
		}
		Subscriptions subs = this.subscriptions.get(url);
		Map<ByteBuffer, String> target = (subs != null) ? (glob ? subs.glob : subs.exact) : null;
		if (target == null || target.remove(ByteBuffer.wrap(value)) == null) {
			return new Answer(409, new byte[0]);
		}
		return generic(glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT, signed);
	}

	private Answer check(byte[] body, @Nullable String authorization) {
		WireReader reader = new WireReader(body);
		byte[] tracing = reader.str16("tracing");
		String url = reader.str16Utf8("url");
		Answer refused = refused(this.toBroadcaster.verify(authorization, AuthMessageType.CHECK_SUBSCRIPTIONS, tracing,
				HttpPubSubProtocol.signUrl(url)));
		if (refused != null) {
			return refused;
		}
		byte[] etag = set(url).etag(url);
		String auth = this.toSubscriber.authorize(AuthMessageType.CHECK_SUBSCRIPTIONS_RESPONSE, new byte[0],
				HttpPubSubProtocol.signEtag(etag));
		return new Answer(200, new WireWriter().u16(HttpPubSubProtocol.RESPONSE_CHECK_SUBSCRIPTIONS)
			.str16((auth != null) ? auth : "")
			.str16(new byte[0])
			.u8(HttpPubSubProtocol.ETAG_FORMAT)
			.bytes(etag)
			.toByteArray());
	}

	private Answer set(byte[] body, @Nullable String authorization) {
		WireReader reader = new WireReader(body);
		byte[] tracing = reader.str16("tracing");
		String url = reader.str16Utf8("url");
		if (reader.u8("etag format") != HttpPubSubProtocol.ETAG_FORMAT) {
			return new Answer(400, new byte[0]);
		}
		byte[] etag = reader.bytes(64, "etag");
		Answer refused = refused(this.toBroadcaster.verify(authorization, AuthMessageType.SET_SUBSCRIPTIONS, tracing,
				HttpPubSubProtocol.signSetSubscriptions(url, etag)));
		if (refused != null) {
			return refused;
		}
		Subscriptions replacement = new Subscriptions();
		readEntries(reader, replacement.exact);
		readEntries(reader, replacement.glob);
		if (!MessageDigest.isEqual(replacement.toSet().etag(url), etag)) {
			return new Answer(400, new byte[0]);
		}
		this.subscriptions.put(url, replacement);
		return generic(AuthMessageType.SET_SUBSCRIPTIONS_RESPONSE, HttpPubSubProtocol.signEtag(etag));
	}

	private static void readEntries(WireReader reader, Map<ByteBuffer, String> target) {
		long count = reader.u32("count");
		for (long i = 0; i < count; i++) {
			byte[] value = reader.str16("topic or glob");
			target.put(ByteBuffer.wrap(value), reader.str16Utf8("recovery"));
		}
	}

	private HttpPubSubProtocol.SubscriptionSet set(String url) {
		Subscriptions subs = this.subscriptions.get(url);
		return (subs != null) ? subs.toSet() : new HttpPubSubProtocol.SubscriptionSet(List.of(), List.of());
	}

	private Answer generic(int type, byte[] signed) {
		String auth = this.toSubscriber.authorize(type, new byte[0], signed);
		return new Answer(200, new WireWriter().u16(HttpPubSubProtocol.RESPONSE_GENERIC)
			.str16((auth != null) ? auth : "")
			.str16(new byte[0])
			.toByteArray());
	}

	private Answer notify(byte[] body, @Nullable String authorization) {
		WireReader reader = new WireReader(body);
		byte[] topic = reader.str16("topic");
		byte[] sha512 = reader.bytes(64, "sha512");
		byte[] tracing = reader.str16("tracing");
		byte[] identifier = reader.str8("identifier");
		long length = reader.u64("length");
		Answer refused = refused(this.toBroadcaster.verify(authorization, AuthMessageType.NOTIFY, tracing,
				HttpPubSubProtocol.signNotify(topic, identifier, sha512)));
		if (refused != null) {
			return refused;
		}
		if (length != reader.remaining()) {
			return new Answer(400, new byte[0]);
		}
		byte[] message = reader.bytes((int) length, "message");
		if (!MessageDigest.isEqual(HttpPubSubProtocol.sha512(message), sha512)) {
			return new Answer(400, new byte[0]);
		}
		this.notifications.incrementAndGet();
		long notified = fanOut(topic, message, sha512);
		String auth = this.toSubscriber.authorize(AuthMessageType.CONFIRM_NOTIFY, new byte[0],
				HttpPubSubProtocol.signConfirmNotify(identifier, notified, topic, sha512));
		return new Answer(200, new WireWriter().u16(HttpPubSubProtocol.RESPONSE_NOTIFY)
			.str16((auth != null) ? auth : "")
			.str16(new byte[0])
			.u32(notified)
			.str8(identifier)
			.toByteArray());
	}

	private long fanOut(byte[] topic, byte[] message, byte[] sha512) {
		String utf8Topic = utf8(topic);
		List<Target> targets = new ArrayList<>();
		this.subscriptions.forEach((url, subs) -> {
			String recovery = subs.exact.get(ByteBuffer.wrap(topic));
			if (recovery != null) {
				targets.add(new Target(url, null, recovery));
			}
		});
		if (utf8Topic != null) {
			this.subscriptions.forEach((url, subs) -> subs.glob.forEach((glob, recovery) -> {
				String text = StandardCharsets.UTF_8.decode(glob.duplicate()).toString();
				if (HttpPubSubGlob.compile(text).test(utf8Topic)) {
					targets.add(new Target(url, glob, recovery));
				}
			}));
		}
		long notified = 0;
		for (Target target : targets) {
			notified += deliver(target, topic, message, sha512);
		}
		return notified;
	}

	private long deliver(Target target, byte[] topic, byte[] message, byte[] sha512) {
		byte[] identifier = new byte[8];
		this.random.nextBytes(identifier);
		byte[] tracing = new byte[0];
		String auth = this.toSubscriber.authorize(AuthMessageType.RECEIVE, tracing,
				HttpPubSubProtocol.signReceive(target.url, topic, identifier, sha512));
		byte[] prefix = new WireWriter().str16(tracing).str16(topic).str8(identifier).u64(message.length).toByteArray();
		HttpRequest.Builder request = HttpRequest.newBuilder(withoutFragment(target.url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.header("Repr-Digest", "sha-512=" + Base64.getEncoder().encodeToString(sha512))
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(prefix),
					HttpRequest.BodyPublishers.ofByteArray(message)));
		if (auth != null) {
			request.header("Authorization", auth);
		}
		try {
			byte[] response = this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
			WireReader reader = new WireReader(response);
			int type = reader.u16("type");
			if (type == HttpPubSubProtocol.RESPONSE_UNSUBSCRIBE_IMMEDIATE) {
				Subscriptions subs = this.subscriptions.get(target.url);
				if (subs != null) {
					if (target.glob != null) {
						subs.glob.remove(target.glob);
					}
					else {
						subs.exact.remove(ByteBuffer.wrap(topic));
					}
				}
				return 0;
			}
			if (type == HttpPubSubProtocol.RESPONSE_CONFIRM_RECEIVE) {
				String confirm = reader.str16Utf8("authorization");
				byte[] replyTracing = reader.str16("tracing");
				byte[] echoed = reader.str8("identifier");
				long count = reader.u32("count");
				if (this.toBroadcaster.verify(confirm, AuthMessageType.CONFIRM_RECEIVE, replyTracing,
						HttpPubSubProtocol.signConfirmReceive(echoed, count, target.url)) == AuthResult.OK) {
					return count;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// a failed delivery, reported below as missed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		missed(target, topic);
		return 0;
	}

	private void missed(Target target, byte[] topic) {
		if (target.recovery.isEmpty() || this.executor == null) {
			return;
		}
		this.executor.execute(() -> {
			byte[] tracing = new byte[0];
			String auth = this.toSubscriber.authorize(AuthMessageType.MISSED, tracing,
					HttpPubSubProtocol.signMissed(target.recovery, topic));
			HttpRequest.Builder request = HttpRequest.newBuilder(withoutFragment(target.recovery))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
				.POST(HttpRequest.BodyPublishers.ofByteArray(new WireWriter().str16(tracing).str16(topic).toByteArray()));
			if (auth != null) {
				request.header("Authorization", auth);
			}
			try {
				this.httpClient.send(request.build(), HttpResponse.BodyHandlers.discarding());
			}
			catch (IOException ex) {
				// best effort, as lonelypss: the notice is dropped
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private static URI withoutFragment(String url) {
		int hash = url.indexOf('#');
		return URI.create((hash >= 0) ? url.substring(0, hash) : url);
	}

	private static @Nullable String utf8(byte[] topic) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(topic)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private record Answer(int status, byte[] body) {
	}

	private record Target(String url, @Nullable ByteBuffer glob, String recovery) {
	}

	private static final class Subscriptions {

		private final Map<ByteBuffer, String> exact = new ConcurrentHashMap<>();

		private final Map<ByteBuffer, String> glob = new ConcurrentHashMap<>();

		HttpPubSubProtocol.SubscriptionSet toSet() {
			return new HttpPubSubProtocol.SubscriptionSet(entries(this.exact), entries(this.glob));
		}

		private static List<HttpPubSubProtocol.Entry> entries(Map<ByteBuffer, String> map) {
			Map<ByteBuffer, String> copy = new LinkedHashMap<>(map);
			List<HttpPubSubProtocol.Entry> entries = new ArrayList<>();
			copy.forEach((key, recovery) -> {
				byte[] value = new byte[key.remaining()];
				key.duplicate().get(value);
				entries.add(new HttpPubSubProtocol.Entry(value, recovery.isEmpty() ? null : recovery));
			});
			return entries;
		}

	}

}
