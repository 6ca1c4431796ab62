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
 * request), and when a receive URL subscribes to {@code bench} it POSTs W + N signed receive requests to
 * it through an {@link HttpPubSubPoster} (keep-alive connections, pipelined, pre-signed).
 */
final class HttpPubSubLoadClient {

	private final HttpPubSubAuth auth = HttpPubSubAuth.hmac(ReplayTopics.HTTPPUBSUB_SECRET);

	private final long warmup;

	private final long messages;

	private final Set<String> started = ConcurrentHashMap.newKeySet();

	private volatile byte[] etag = new byte[64];

	HttpPubSubLoadClient(long warmup, long messages) {
		this.warmup = warmup;
		this.messages = messages;
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
		HttpPubSubPoster poster = (ReplayServer.rate > 0)
				? new HttpPubSubPoster(url, this.warmup, ReplayServer.pacedMessages, ReplayServer.rate)
				: new HttpPubSubPoster(url, this.warmup, this.messages, 0);
		Thread thread = new Thread(poster::run, "replay-httppubsub-load");
		thread.setDaemon(true);
		thread.start();
	}

}
