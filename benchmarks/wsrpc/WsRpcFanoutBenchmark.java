import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.wsrpc.DefaultWsRpcPubSubClient;
import dev.pubsub.wsrpc.WsRpcClientOptions;

/**
 * Fan-out benchmark: one publisher, N subscribers (our client) on loopback, against our Spring
 * endpoint and the real Python fastapi_websocket_pubsub server in the same run. Burst phase:
 * throughput in deliveries per second; paced phase: end-to-end latency percentiles.
 * Run with benchmarks/wsrpc/run.sh.
 */
public class WsRpcFanoutBenchmark {

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) throws Exception {
		if (args.length == 2 && "serve".equals(args[0])) {
			new SpringApplicationBuilder(App.class)
				.properties("server.port=" + args[1], "server.address=127.0.0.1", "pubsub.wsrpc.server.enabled=true",
						"spring.main.banner-mode=off", "logging.level.root=WARN")
				.run();
			return;
		}
		int subscribers = Integer.parseInt(System.getProperty("subscribers", "100"));
		int burst = Integer.parseInt(System.getProperty("burst", "1000"));
		int paced = Integer.parseInt(System.getProperty("paced", "200"));
		int rate = Integer.parseInt(System.getProperty("rate", "20"));
		Path interop = Path.of(System.getProperty("interop", "interop")).toAbsolutePath();
		List<String> report = new ArrayList<>();
		// our endpoint in its own JVM, like the Python server in its own process
		int springPort = freePort();
		Process spring = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
				"-cp", System.getProperty("java.class.path"), System.getProperty("benchmark.source"), "serve",
				String.valueOf(springPort))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			waitForPort(springPort);
			long springPid = spring.pid();
			report.add(run("spring-endpoint", "ws://127.0.0.1:" + springPort + "/pubsub", subscribers, burst, paced,
					rate, () -> heapUsed(springPid)));
		}
		finally {
			spring.destroy();
			spring.waitFor(10, TimeUnit.SECONDS);
		}
		int port = freePort();
		Process python = new ProcessBuilder(interop.resolve(".venv/bin/python").toString(),
				interop.resolve("wsrpc/server.py").toString(), String.valueOf(port))
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		try {
			waitForPort(port);
			report.add(run("python-server", "ws://127.0.0.1:" + port + "/pubsub", subscribers, burst, paced, rate,
					() -> -1));
		}
		finally {
			python.destroy();
			python.waitFor(5, TimeUnit.SECONDS);
		}
		System.out.println();
		System.out.println("server           subscribers  burst  deliveries/s   paced  rate/s   p50 ms   p99 ms   max ms"
				+ "  heap KB/idle session");
		report.forEach(System.out::println);
		System.exit(0);
	}

	/**
	 * Used heap of a JVM after a full GC ({@code jcmd <pid> GC.run}, then {@code GC.heap_info}), in bytes.
	 */
	static long heapUsed(long pid) {
		try {
			exec("jcmd", String.valueOf(pid), "GC.run");
			String info = exec("jcmd", String.valueOf(pid), "GC.heap_info");
			java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
			return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : -1;
		}
		catch (Exception ex) {
			return -1;
		}
	}

	static String exec(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		process.waitFor(60, TimeUnit.SECONDS);
		return output;
	}

	static String run(String name, String url, int subscriberCount, int burst, int paced, int rate,
			java.util.function.LongSupplier heap) throws Exception {
		List<DefaultWsRpcPubSubClient> clients = new ArrayList<>();
		List<BareSubscriber> bareSubscribers = new ArrayList<>();
		AtomicLong delivered = new AtomicLong();
		ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
		long heapBefore = heap.getAsLong();
		long heapIdle = -1;
		try {
			boolean bare = "bare".equals(System.getProperty("subscriber", "client"));
			for (int i = 0; i < subscriberCount; i++) {
				if (bare) {
					bareSubscribers.add(BareSubscriber.connect(url, delivered, latencies));
					continue;
				}
				DefaultWsRpcPubSubClient client = client(name + "-sub-" + i, url);
				clients.add(client);
				client.subscribe("bench", (message) -> {
					long sent = message.payloadAsJson().path("t").asLong();
					if (sent != 0) {
						latencies.add(System.nanoTime() - sent);
					}
					delivered.incrementAndGet();
				});
				client.connect().get(30, TimeUnit.SECONDS);
			}
			for (BareSubscriber subscriber : bareSubscribers) {
				waitUntil(subscriber::isSubscribed, 30_000);
			}
			for (DefaultWsRpcPubSubClient client : clients) {
				waitUntil(() -> client.remoteTopics().contains("bench"), 30_000);
				client.call("ping", Map.of()).get(10, TimeUnit.SECONDS);
			}
			// all sessions connected and subscribed, nothing sent yet: the server's heap per idle session
			heapIdle = heap.getAsLong();
			DefaultWsRpcPubSubClient publisher = client(name + "-pub", url);
			clients.add(publisher);
			publisher.connect().get(30, TimeUnit.SECONDS);

			// warm-up: one sync event, then an unmeasured burst so a JVM server is compiled before timing
			publisher.publish(List.of("bench"), Map.of("t", 0), true).get(60, TimeUnit.SECONDS);
			waitUntil(() -> delivered.get() >= subscriberCount, 60_000);
			int warmup = Integer.getInteger("warmup", 300);
			for (int i = 0; i < warmup; i++) {
				publisher.publish(List.of("bench"), Map.of("t", 0, "i", i), false).get(60, TimeUnit.SECONDS);
			}
			waitUntil(() -> delivered.get() >= (long) (warmup + 1) * subscriberCount, 600_000);
			delivered.set(0);

			long expected = (long) burst * subscriberCount;
			long start = System.nanoTime();
			List<java.util.concurrent.CompletableFuture<Boolean>> window = new ArrayList<>();
			for (int i = 0; i < burst; i++) {
				window.add(publisher.publish(List.of("bench"), Map.of("t", 0, "i", i), false));
				if (window.size() == 64) {
					for (var future : window) {
						future.get(60, TimeUnit.SECONDS);
					}
					window.clear();
				}
			}
			for (var future : window) {
				future.get(60, TimeUnit.SECONDS);
			}
			waitUntil(() -> delivered.get() >= expected, 600_000);
			double seconds = (System.nanoTime() - start) / 1e9;
			double throughput = expected / seconds;

			delivered.set(0);
			latencies.clear();
			long interval = 1_000_000_000L / rate;
			long next = System.nanoTime();
			for (int i = 0; i < paced; i++) {
				while (System.nanoTime() < next) {
					Thread.onSpinWait();
				}
				publisher.publish(List.of("bench"), Map.of("t", System.nanoTime(), "i", i), false);
				next += interval;
			}
			waitUntil(() -> delivered.get() >= (long) paced * subscriberCount, 600_000);
			long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
			String perSession = (heapBefore > 0 && heapIdle > 0)
					? String.format("%.1f", (heapIdle - heapBefore) / 1024.0 / subscriberCount) : "-";
			return String.format("%-16s %11d %6d %13.0f %7d %7d %8.2f %8.2f %8.2f %21s", name, subscriberCount, burst,
					throughput, paced, rate, percentile(sorted, 50), percentile(sorted, 99),
					sorted[sorted.length - 1] / 1e6, perSession);
		}
		finally {
			clients.forEach(DefaultWsRpcPubSubClient::destroy);
			bareSubscribers.forEach(BareSubscriber::close);
		}
	}

	static double percentile(long[] sorted, double p) {
		int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
	}

	static DefaultWsRpcPubSubClient client(String name, String url) {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.1,
				ReconnectPolicy.UNLIMITED);
		return new DefaultWsRpcPubSubClient(name, JSON, policy, Duration.ofSeconds(60),
				new StandardWebSocketClient(container), WsRpcClientOptions.of(URI.create(url)));
	}

	/**
	 * A subscriber with no client machinery (-Dsubscriber=bare): one WebSocket session that sends the
	 * JSON-RPC {@code subscribe} call and answers every {@code notify} as the Python client does
	 * ({@code "None"}/{@code str}), so the 100 subscribers cost the shared cores as little as possible
	 * and the servers' own cost shows.
	 */
	static final class BareSubscriber extends org.springframework.web.socket.handler.TextWebSocketHandler {

		private final AtomicLong delivered;

		private final ConcurrentLinkedQueue<Long> latencies;

		private volatile boolean subscribed;

		private volatile org.springframework.web.socket.WebSocketSession session;

		private BareSubscriber(AtomicLong delivered, ConcurrentLinkedQueue<Long> latencies) {
			this.delivered = delivered;
			this.latencies = latencies;
		}

		static BareSubscriber connect(String url, AtomicLong delivered, ConcurrentLinkedQueue<Long> latencies)
				throws Exception {
			BareSubscriber subscriber = new BareSubscriber(delivered, latencies);
			WebSocketContainer container = ContainerProvider.getWebSocketContainer();
			container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
			subscriber.session = new StandardWebSocketClient(container)
				.execute(subscriber, new org.springframework.web.socket.WebSocketHttpHeaders(), URI.create(url))
				.get(30, TimeUnit.SECONDS);
			subscriber.send("{\"request\":{\"method\":\"subscribe\",\"arguments\":{\"topics\":[\"bench\"]},"
					+ "\"call_id\":\"sub\"},\"response\":null}");
			return subscriber;
		}

		boolean isSubscribed() {
			return this.subscribed;
		}

		@Override
		protected void handleTextMessage(org.springframework.web.socket.WebSocketSession session,
				org.springframework.web.socket.TextMessage message) throws Exception {
			tools.jackson.databind.JsonNode frame = JSON.readTree(message.getPayload());
			tools.jackson.databind.JsonNode request = frame.path("request");
			if (request.isObject()) {
				long sent = request.path("arguments").path("data").path("t").asLong();
				if (sent != 0) {
					this.latencies.add(System.nanoTime() - sent);
				}
				this.delivered.incrementAndGet();
				send("{\"request\":null,\"response\":{\"result\":\"None\",\"result_type\":\"str\",\"call_id\":\""
						+ request.path("call_id").asString() + "\"}}");
			}
			else if ("sub".equals(frame.path("response").path("call_id").asString())) {
				this.subscribed = true;
			}
		}

		private synchronized void send(String text) throws java.io.IOException {
			this.session.sendMessage(new org.springframework.web.socket.TextMessage(text));
		}

		void close() {
			try {
				this.session.close();
			}
			catch (java.io.IOException ex) {
				// the run is over
			}
		}

	}

	interface Check {

		boolean ok() throws Exception;

	}

	static void waitUntil(Check check, long timeoutMillis) throws Exception {
		long deadline = System.currentTimeMillis() + timeoutMillis;
		while (!check.ok()) {
			if (System.currentTimeMillis() > deadline) {
				throw new IllegalStateException("timed out");
			}
			Thread.sleep(5);
		}
	}

	static int freePort() throws Exception {
		try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	static void waitForPort(int port) throws Exception {
		waitUntil(() -> {
			try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
				return true;
			}
			catch (java.io.IOException ex) {
				return false;
			}
		}, 60_000);
		Thread.sleep(300);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
