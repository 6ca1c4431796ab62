package dev.pubsub.httppubsub;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.interop.InteropPeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receive endpoint with auth {@code none} against slow bodies: 20 connections each declare a
 * 16 MB message (within the default 16 MiB limit) and send a few bytes at a time. The endpoint
 * holds only what arrived (the heap, measured after collections, grows by less than 5 MB for all
 * 20, where it used to be 16 MB each), cuts them off with 408 after the receive timeout and counts
 * them, while a normal request is delivered exactly once meanwhile; a message declared over the
 * limit is refused with 413 before its body is read, and a wrong token with 403 before a byte of
 * the body arrived.
 */
class HttpPubSubReceiveSlowBodyTests {

	private static final int SLOW = 20;

	private static final long DECLARED = 16_000_000;

	private static final long MAX_GROWTH = 5L * 1024 * 1024;

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static ConfigurableApplicationContext context;

	private static int port;

	private static DefaultHttpPubSubClient client;

	private static final List<PubSubMessage> received = new CopyOnWriteArrayList<>();

	@BeforeAll
	static void startApp() {
		port = InteropPeers.freePort();
		context = new SpringApplicationBuilder(App.class)
			.properties("server.port=" + port, "server.address=127.0.0.1", "spring.main.banner-mode=off",
					"pubsub.httppubsub.receive-timeout=6s", "pubsub.clients.open.type=httppubsub",
					"pubsub.clients.open.auto-connect=false",
					"pubsub.clients.open.httppubsub.callback-base-url=http://127.0.0.1:" + port,
					"pubsub.clients.tokened.type=httppubsub", "pubsub.clients.tokened.auto-connect=false",
					"pubsub.clients.tokened.httppubsub.callback-base-url=http://127.0.0.1:" + port,
					"pubsub.clients.tokened.httppubsub.to-subscriber.type=token",
					"pubsub.clients.tokened.httppubsub.to-subscriber.secret=tok")
			.run();
		client = context.getBean("open", DefaultHttpPubSubClient.class);
		client.subscribe("orders/*", received::add);
	}

	@AfterAll
	static void stopApp() {
		context.close();
	}

	@Test
	void slowBodiesHoldWhatArrivedAndTimeOutWhileANormalRequestIsDeliveredOnce() throws Exception {
		long timedOutBefore = client.inboundMetrics().timedOut();
		// warm up the web layer, so its first-request allocations are not counted
		assertThat(http.send(request("{\"id\":\"warm-up\"}".getBytes(StandardCharsets.UTF_8)),
				HttpResponse.BodyHandlers.ofByteArray()).statusCode()).isEqualTo(200);
		long before = usedHeapAfterGc();
		List<Socket> slow = new ArrayList<>();
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int i = 0; i < SLOW; i++) {
				Socket socket = open(prefix("orders/slow", DECLARED), DECLARED);
				slow.add(socket);
			}
			trickle.scheduleAtFixedRate(() -> slow.forEach((socket) -> {
				try {
					socket.getOutputStream().write(new byte[] { 1, 2, 3, 4 });
				}
				catch (IOException ex) {
					// cut off by the server: expected in the end
				}
			}), 100, 250, TimeUnit.MILLISECONDS);
			Thread.sleep(1500);
			long growth = usedHeapAfterGc() - before;

			byte[] payload = "{\"id\":\"normal-1\"}".getBytes(StandardCharsets.UTF_8);
			HttpResponse<byte[]> normal = http.send(request(payload), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(normal.statusCode()).isEqualTo(200);
			growth = Math.max(growth, usedHeapAfterGc() - before);
			System.out.printf("%d slow bodies declaring %d bytes each: heap grew by %d KiB%n", SLOW, DECLARED,
					growth / 1024);
			assertThat(growth).as("heap held by %d slow bodies", SLOW).isLessThan(MAX_GROWTH);

			for (Socket socket : slow) {
				assertThat(statusLine(socket)).startsWith("HTTP/1.1 408");
			}
			assertThat(client.inboundMetrics().timedOut() - timedOutBefore).isEqualTo(SLOW);
			await().until(() -> received.stream().anyMatch((message) -> message.topic().equals("orders/normal")));
			assertThat(received.stream()
				.filter((message) -> new String(message.payloadBytes(), StandardCharsets.UTF_8).contains("normal-1")))
				.as("the normal request, delivered exactly once").hasSize(1);
			assertThat(received).allSatisfy((message) -> assertThat(message.topic()).isNotEqualTo("orders/slow"));
		}
		finally {
			trickle.shutdownNow();
			for (Socket socket : slow) {
				socket.close();
			}
		}
	}

	@Test
	void messageDeclaredOverTheLimitIsRefusedWith413BeforeItsBodyIsRead() throws Exception {
		long tooLarge = client.inboundMetrics().tooLarge();
		long declared = 17L * 1024 * 1024;
		try (Socket socket = open(prefix("orders/large", declared), declared)) {
			assertThat(statusLine(socket)).startsWith("HTTP/1.1 413");
		}
		assertThat(client.inboundMetrics().tooLarge() - tooLarge).isEqualTo(1);
	}

	@Test
	void wrongTokenIsRefusedBeforeTheBodyIsRead() throws Exception {
		DefaultHttpPubSubClient tokened = context.getBean("tokened", DefaultHttpPubSubClient.class);
		long forbidden = tokened.inboundMetrics().forbidden();
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			socket.setSoTimeout(20_000);
			String head = "POST /pubsub/httppubsub/tokened/receive HTTP/1.1\r\nHost: 127.0.0.1:" + port
					+ "\r\nContent-Type: application/octet-stream\r\nAuthorization: Bearer nope\r\nRepr-Digest: sha-512="
					+ Base64.getEncoder().encodeToString(new byte[64]) + "\r\nContent-Length: " + DECLARED + "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			// not a byte of the body: the answer comes anyway, long before the receive timeout
			assertThat(statusLine(socket)).startsWith("HTTP/1.1 403");
		}
		assertThat(tokened.inboundMetrics().forbidden() - forbidden).isEqualTo(1);
	}

	private static HttpRequest request(byte[] message) {
		byte[] body = new WireWriter().bytes(prefix("orders/normal", message.length)).bytes(message).toByteArray();
		return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/pubsub/httppubsub/open/receive"))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.header("Repr-Digest", "sha-512=" + Base64.getEncoder().encodeToString(HttpPubSubProtocol.sha512(message)))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
	}

	private static byte[] prefix(String topic, long length) {
		byte[] identifier = new byte[8];
		new SecureRandom().nextBytes(identifier);
		return new WireWriter().str16(new byte[0])
			.str16(topic.getBytes(StandardCharsets.UTF_8))
			.str8(identifier)
			.u64(length)
			.toByteArray();
	}

	/**
	 * Send the request head and the body's prefix, declaring the whole length, and nothing more.
	 */
	private static Socket open(byte[] prefix, long messageLength) throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
		socket.setSoTimeout(60_000);
		String head = "POST /pubsub/httppubsub/open/receive HTTP/1.1\r\nHost: 127.0.0.1:" + port
				+ "\r\nContent-Type: application/octet-stream\r\nRepr-Digest: sha-512="
				+ Base64.getEncoder().encodeToString(new byte[64]) + "\r\nContent-Length: "
				+ (prefix.length + messageLength) + "\r\n\r\n";
		OutputStream out = socket.getOutputStream();
		out.write(head.getBytes(StandardCharsets.US_ASCII));
		out.write(prefix);
		out.flush();
		return socket;
	}

	private static String statusLine(Socket socket) throws IOException {
		InputStream in = socket.getInputStream();
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
			line.write(b);
		}
		return line.toString(StandardCharsets.US_ASCII).trim();
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		long least = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
			least = Math.min(least, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		return least;
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
