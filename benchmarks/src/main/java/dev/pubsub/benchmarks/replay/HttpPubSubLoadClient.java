package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireReader;
import dev.pubsub.httppubsub.WireWriter;

/**
 * The httppubsub "replay server", its own JVM: {@code replay-server httppubsub --messages=N}. It plays the
 * broadcaster's side just enough for a subscriber to register (answers {@code set_subscriptions},
 * {@code subscribe/exact}, {@code unsubscribe/exact} and {@code check_subscriptions} with HMAC-signed
 * replies, accepting every
 * request), and when a receive URL subscribes to {@code bench} it POSTs N signed receive requests to it,
 * {@value #WINDOW} in flight. The bodies (and their SHA-512) are pre-encoded per block; each request
 * gets a fresh HMAC (the subscriber refuses a reused one), which is load-side work, not subscriber work.
 */
final class HttpPubSubLoadClient {

	/** Requests in flight per subscriber. */
	static final int WINDOW = 64;

	private static final byte[] EMPTY = new byte[0];

	private static final byte[] TOPIC = ReplayTopics.TOPIC.getBytes(StandardCharsets.UTF_8);

	private final HttpPubSubAuth auth = HttpPubSubAuth.hmac(ReplayTopics.HTTPPUBSUB_SECRET);

	private final long messages;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final Set<String> started = ConcurrentHashMap.newKeySet();

	private final byte[][] messageBytes = new byte[FrameBlock.FRAMES][];

	private final byte[][] digests = new byte[FrameBlock.FRAMES][];

	private volatile byte[] etag = new byte[64];

	private final SecureRandom random = new SecureRandom();

	HttpPubSubLoadClient(long messages) {
		this.messages = messages;
		for (int i = 0; i < FrameBlock.FRAMES; i++) {
			this.messageBytes[i] = ReplayTopics.payload(i).getBytes(StandardCharsets.UTF_8);
			this.digests[i] = HttpPubSubProtocol.sha512(this.messageBytes[i]);
		}
	}

	int start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
		server.createContext("/", this::handle);
		server.start();
		return server.getAddress().getPort();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			byte[] body = exchange.getRequestBody().readAllBytes();
			String path = exchange.getRequestURI().getPath();
			byte[] reply;
			if (HttpPubSubProtocol.SET_SUBSCRIPTIONS.equals(path)) {
				WireReader reader = new WireReader(body);
				byte[] tracing = reader.str16("tracing");
				String url = reader.str16Utf8("url");
				reader.u8("etag format");
				this.etag = reader.bytes(64, "etag");
				long exact = reader.u32("exact");
				boolean bench = false;
				for (long i = 0; i < exact; i++) {
					bench |= ReplayTopics.TOPIC.equals(reader.str16Utf8("topic"));
					reader.str16("recovery");
				}
				reply = generic(AuthMessageType.SET_SUBSCRIPTIONS_RESPONSE, tracing,
						new WireWriter().u8(0).bytes(this.etag).toByteArray());
				if (bench) {
					startLoad(url);
				}
			}
			else if (HttpPubSubProtocol.SUBSCRIBE_EXACT.equals(path)) {
				WireReader reader = new WireReader(body);
				String url = reader.str16Utf8("url");
				byte[] topic = reader.str16("topic");
				String recovery = reader.str16Utf8("recovery");
				byte[] tracing = reader.str16("tracing");
				reply = generic(AuthMessageType.CONFIRM_SUBSCRIBE_EXACT, tracing,
						HttpPubSubProtocol.signSubscribe(url, recovery.isEmpty() ? null : recovery, topic));
				if (ReplayTopics.TOPIC.equals(new String(topic, StandardCharsets.UTF_8))) {
					startLoad(url);
				}
			}
			else if (HttpPubSubProtocol.UNSUBSCRIBE_EXACT.equals(path)) {
				WireReader reader = new WireReader(body);
				String url = reader.str16Utf8("url");
				byte[] topic = reader.str16("topic");
				byte[] tracing = reader.str16("tracing");
				reply = generic(AuthMessageType.CONFIRM_SUBSCRIBE_EXACT, tracing,
						HttpPubSubProtocol.signSubscribe(url, null, topic));
			}
			else if (HttpPubSubProtocol.CHECK_SUBSCRIPTIONS.equals(path)) {
				byte[] tracing = new WireReader(body).str16("tracing");
				String authorization = this.auth.authorize(AuthMessageType.CHECK_SUBSCRIPTIONS_RESPONSE, tracing,
						HttpPubSubProtocol.signEtag(this.etag));
				reply = new WireWriter().u16(5).str16(authorization).str16(tracing).u8(0).bytes(this.etag).toByteArray();
			}
			else {
				exchange.sendResponseHeaders(404, -1);
				return;
			}
			exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
			exchange.sendResponseHeaders(200, reply.length);
			exchange.getResponseBody().write(reply);
		}
		catch (RuntimeException ex) {
			System.err.println("httppubsub load client: bad request: " + ex);
		}
	}

	private byte[] generic(int type, byte[] tracing, byte[] signed) {
		String authorization = this.auth.authorize(type, tracing, signed);
		return new WireWriter().u16(3).str16(authorization).str16(tracing).toByteArray();
	}

	private void startLoad(String url) {
		if (!this.started.add(url)) {
			return;
		}
		Thread thread = new Thread(() -> load(url), "replay-httppubsub-load");
		thread.setDaemon(true);
		thread.start();
	}

	private void load(String url) {
		URI uri = URI.create(url);
		Semaphore window = new Semaphore(WINDOW);
		AtomicLong failed = new AtomicLong();
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long startCpu = os.getProcessCpuTime();
		long start = System.nanoTime();
		try {
			for (long n = 0; n < this.messages; n++) {
				window.acquire();
				int index = (int) (n % FrameBlock.FRAMES);
				byte[] identifier = new byte[8];
				this.random.nextBytes(identifier);
				byte[] message = this.messageBytes[index];
				byte[] body = new WireWriter(48 + message.length).str16(EMPTY)
					.str16(TOPIC)
					.str8(identifier)
					.u64(message.length)
					.bytes(message)
					.toByteArray();
				String authorization = this.auth.authorize(AuthMessageType.RECEIVE, EMPTY,
						HttpPubSubProtocol.signReceive(url, TOPIC, identifier, this.digests[index]));
				HttpRequest request = HttpRequest.newBuilder(uri)
					.header("Content-Type", "application/octet-stream")
					.header("Authorization", authorization)
					.header("Repr-Digest", "sha-512=:" + Base64.getEncoder().encodeToString(this.digests[index]) + ":")
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build();
				this.http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((response, ex) -> {
					if (ex != null || response.statusCode() != 200) {
						if (failed.getAndIncrement() < 5) {
							System.err.println("httppubsub load client: receive failed: "
									+ ((ex != null) ? ex : "status " + response.statusCode()));
						}
					}
					window.release();
				});
			}
			window.acquire(WINDOW);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		System.err.printf("replay-httppubsub: posted %d receives in %.2f s (%d failed), load client CPU %.1f us/request%n",
				this.messages, (System.nanoTime() - start) / 1e9, failed.get(),
				(os.getProcessCpuTime() - startCpu) / 1e3 / this.messages);
	}

}
