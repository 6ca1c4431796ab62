package dev.pubsub.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;

/**
 * Channel auth signatures per second: {@code POST /pubsub/auth} of the auto-configured controller on
 * a real port (Tomcat, loopback), called by the JDK's {@code HttpClient} (HTTP/1.1, keep-alive) from
 * a fixed pool of threads, each sending its next request when the previous answer arrived. JSON bodies
 * with {@code Authorization: Bearer <api key>} as the RealtimeX SDK sends them, on private and on
 * presence channels (presence adds the server-side {@code channel_data}). Every answer must be 200;
 * one in 64 is verified with the signer. Client and server share the machine's cores. The kind
 * {@code signer} is the baseline: the same threads call {@link ChannelAuthSigner#sign} directly.
 * Besides the rate, each round reports CPU per request (Tomcat's threads, and the whole JVM: client,
 * server, GC, JIT), and what the whole-JVM figure allows on idle cores, for shared machines where
 * the wall-clock rate only shows this process's share of the CPU.
 * <p>
 * With {@code --client=wrk} the kinds {@code bare} and {@code node} are the baselines of {@link AuthBaselines}
 * (server CPU of {@code node} is the Node process's).
 * Options: {@code --threads=16 --seconds=5 --rounds=3 --warmup-seconds=15 --kinds=private,presence,signer};
 * every kind is warmed up before the first is measured.
 */
final class ChannelAuthBenchmark {

	private static final String KEY = "bench-app-key";

	private static final String SECRET = "bench-app-secret";

	/** The baseline kind: {@link ChannelAuthSigner#sign} in-process, no HTTP. */
	private static final String SIGNER_ONLY = "signer";

	private final int threads;

	private final int seconds;

	private final int rounds;

	private final int warmupSeconds;

	private final List<String> kinds;

	private final String client;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of(KEY, SECRET));

	ChannelAuthBenchmark(List<String> args) {
		Map<String, String> options = Options.parse(args);
		this.threads = Options.integer(options, "threads", 16);
		this.seconds = Options.integer(options, "seconds", 5);
		this.rounds = Options.integer(options, "rounds", 3);
		this.warmupSeconds = Options.integer(options, "warmup-seconds", 15);
		this.kinds = List.of(options.getOrDefault("kinds", "private,presence,signer").split(","));
		this.client = options.getOrDefault("client", "jdk");
		if (!List.of("jdk", "wrk").contains(this.client)) {
			throw new IllegalArgumentException("--client must be jdk or wrk");
		}
		options.keySet().removeAll(List.of("kinds", "client"));
		Options.requireEmpty(options);
	}

	void run() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ChannelAuthBenchmarkApplication.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--server.port=0", "--server.address=127.0.0.1", "--logging.level.root=WARN",
					"--server.tomcat.max-keep-alive-requests=-1", "--pubsub.channel-auth.enabled=true",
					"--pubsub.channel-auth.app-key=" + KEY, "--pubsub.channel-auth.app-secret=" + SECRET);
		int port = ((WebServerApplicationContext) context).getWebServer().getPort();
		URI uri = URI.create("http://127.0.0.1:" + port + "/pubsub/auth");
		if ("wrk".equals(this.client)) {
			try {
				runWithWrk(uri);
			}
			finally {
				context.close();
			}
			return;
		}
		ExecutorService pool = Executors.newFixedThreadPool(this.threads);
		try (AuthHttpClient http = new AuthHttpClient.Jdk(uri)) {
			System.out.printf(Locale.ROOT,
					"channel-auth: JDK HttpClient, %d client threads, %d cores, rounds of %d s after %d s warm-up per kind%n",
					this.threads, Runtime.getRuntime().availableProcessors(), this.seconds,
					this.warmupSeconds);
			for (String kind : this.kinds) {
				phase(pool, http, kind, this.warmupSeconds);
			}
			for (String kind : this.kinds) {
				List<Double> rates = new ArrayList<>();
				for (int round = 1; round <= this.rounds; round++) {
					Result result = phase(pool, http, kind, this.seconds);
					rates.add(result.perSecond());
					System.out.printf(Locale.ROOT,
							"  %-8s round %d: %,9.0f signatures/s  p50 %6.2f ms  p99 %6.2f ms  CPU/request: server threads %5.1f us, "
									+ "process %5.1f us (%,.0f/s if the cores were idle)  errors %d%n",
							kind, round, result.perSecond(), result.p50Millis(), result.p99Millis(),
							result.serverCpuMicrosPerRequest(), result.processCpuMicrosPerRequest(),
							result.perSecondOnIdleCores(), result.errors());
				}
				rates.sort(Double::compare);
				System.out.printf(Locale.ROOT, "  %-8s median %,9.0f signatures/s (load average %.1f)%n", kind,
						rates.get(rates.size() / 2), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
			}
		}
		finally {
			pool.shutdownNow();
			context.close();
		}
	}

	private void runWithWrk(URI uri) throws Exception {
		WrkChannelAuthLoad wrk = new WrkChannelAuthLoad(uri, this.threads * 2);
		System.out.printf(Locale.ROOT,
				"channel-auth: wrk (1 thread, %d connections), %d cores, rounds of %d s after %d s warm-up per kind, kinds interleaved per round%n",
				this.threads * 2, Runtime.getRuntime().availableProcessors(), this.seconds, this.warmupSeconds);
		List<String> httpKinds = this.kinds.stream().filter((kind) -> !kind.equals(SIGNER_ONLY)).toList();
		try (AuthBaselines baselines = AuthBaselines.start(httpKinds.contains("node"), KEY, SECRET)) {
			runWithWrk(wrk, httpKinds, uri, baselines);
		}
	}

	private void runWithWrk(WrkChannelAuthLoad wrk, List<String> httpKinds, URI uri, AuthBaselines baselines)
			throws Exception {
		Map<String, double[]> medians = new java.util.LinkedHashMap<>();
		for (String kind : httpKinds) {
			wrk.run(AuthBaselines.channelKind(kind), this.warmupSeconds, baselines.uri(kind, uri));
		}
		// rounds interleave the kinds (each round in a rotated order), so that JIT compilation still going on
		// after the warm-up and other load on the machine fall on every kind alike, not on the first one
		Map<String, List<Double>> ratesByKind = new java.util.LinkedHashMap<>();
		Map<String, List<double[]>> roundsByKind = new java.util.LinkedHashMap<>();
		Map<String, List<Double>> cpusByKind = new java.util.LinkedHashMap<>();
		for (int round = 1; round <= this.rounds; round++) {
			for (int k = 0; k < httpKinds.size(); k++) {
				String kind = httpKinds.get((k + round - 1) % httpKinds.size());
				List<Double> rates = ratesByKind.computeIfAbsent(kind, (key) -> new ArrayList<>());
				List<double[]> rounds = roundsByKind.computeIfAbsent(kind, (key) -> new ArrayList<>());
				List<Double> cpus = cpusByKind.computeIfAbsent(kind, (key) -> new ArrayList<>());
				long cpuBefore = ServerThreadsCpu.total();
				long processCpuBefore = processCpuNanos();
				long externalBefore = baselines.externalCpuNanos(kind);
				double[] result = wrk.run(AuthBaselines.channelKind(kind), this.seconds, baselines.uri(kind, uri));
				double requests = result[0];
				rates.add(result[1]);
				rounds.add(result);
				long serverCpu = (externalBefore >= 0) ? baselines.externalCpuNanos(kind) - externalBefore
						: processCpuNanos() - processCpuBefore;
				cpus.add(serverCpu / 1e3 / requests);
				System.out.printf(Locale.ROOT, "AUTH-RESULT kind=%s messages=%.0f nanos=%d cpu-nanos=%d p50-nanos=%.0f "
						+ "p99-nanos=%.0f non-200=%.0f%n", kind, requests, (long) (requests / result[1] * 1e9), serverCpu,
						result[2] * 1e6, result[3] * 1e6, result[4]);
				System.out.printf(Locale.ROOT,
						"  %-8s round %d: %,9.0f signatures/s  p50 %6.2f ms  p99 %6.2f ms  CPU/request: server threads "
								+ "%5.1f us, server JVM %5.1f us  non-200 %.0f%n",
						kind, round, result[1], result[2], result[3],
						(ServerThreadsCpu.total() - cpuBefore) / 1e3 / requests,
						serverCpu / 1e3 / requests, result[4]);
			}
		}
		for (String kind : httpKinds) {
			List<Double> rates = ratesByKind.get(kind);
			List<double[]> rounds = roundsByKind.get(kind);
			List<Double> cpus = cpusByKind.get(kind);
			rates.sort(Double::compare);
			cpus.sort(Double::compare);
			rounds.sort((a, b) -> Double.compare(a[1], b[1]));
			double[] middle = rounds.get(rounds.size() / 2);
			medians.put(kind, new double[] { rates.get(rates.size() / 2), cpus.get(cpus.size() / 2), middle[2], middle[3] });
			System.out.printf(Locale.ROOT, "  %-8s median %,9.0f signatures/s (load average %.1f)%n", kind,
					rates.get(rates.size() / 2), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
		// machine-readable rows for benchmarks/run-all.sh's one table: rate, server CPU us/request, p50/p99 us
		double[] bare = medians.get("bare");
		double[] node = medians.get("node");
		medians.forEach((kind, m) -> {
			String ratio = ((bare != null) ? String.format(Locale.ROOT, "%.2f_vs_bare", m[0] / bare[0]) : "")
					+ ((node != null && !kind.equals("node")) ? String.format(Locale.ROOT, "/%.2f_vs_node", m[0] / node[0])
							: "");
			System.out.printf(Locale.ROOT, "TABLE-ROW auth %s %.0f %.1f %.0f %.0f %s%n", kind, m[0], m[1], m[2] * 1000,
					m[3] * 1000, ratio.isEmpty() ? "-" : ratio);
		});
	}

	private Result phase(ExecutorService pool, AuthHttpClient http, String kind, int phaseSeconds)
			throws Exception {
		long cpuBefore = ServerThreadsCpu.total();
		long processCpuBefore = processCpuNanos();
		long end = System.nanoTime() + Duration.ofSeconds(phaseSeconds).toNanos();
		AtomicLong errors = new AtomicLong();
		List<Future<long[]>> workers = new ArrayList<>();
		long start = System.nanoTime();
		for (int t = 0; t < this.threads; t++) {
			int worker = t;
			workers.add(pool.submit(() -> work(http, kind, worker, end, errors)));
		}
		List<long[]> latencies = new ArrayList<>();
		int count = 0;
		for (Future<long[]> future : workers) {
			long[] samples = future.get();
			latencies.add(samples);
			count += samples.length;
		}
		long elapsed = System.nanoTime() - start;
		long cpu = ServerThreadsCpu.total() - cpuBefore;
		long processCpu = processCpuNanos() - processCpuBefore;
		long[] all = new long[count];
		int offset = 0;
		for (long[] samples : latencies) {
			System.arraycopy(samples, 0, all, offset, samples.length);
			offset += samples.length;
		}
		Arrays.sort(all);
		return new Result(count * 1e9 / elapsed, at(all, 0.50) / 1e6, at(all, 0.99) / 1e6,
				(count > 0) ? cpu / 1e3 / count : 0, (count > 0) ? processCpu / 1e3 / count : 0, errors.get());
	}

	private long[] work(AuthHttpClient http, String kind, int worker, long end, AtomicLong errors)
			throws Exception {
		long[] samples = new long[1 << 16];
		int n = 0;
		String user = "user-" + worker;
		for (long i = 0; System.nanoTime() < end; i++) {
			String socketId = worker + "." + i;
			String channel = kind + "-bench-" + (i % 100);
			if (kind.equals(SIGNER_ONLY)) {
				long started = System.nanoTime();
				this.signer.sign(socketId, channel, null);
				if (n == samples.length) {
					samples = Arrays.copyOf(samples, n * 2);
				}
				samples[n++] = System.nanoTime() - started;
				continue;
			}
			long sent = System.nanoTime();
			AuthHttpClient.Answer response = http.post(
					"{\"socket_id\":\"" + socketId + "\",\"channel_name\":\"" + channel + "\"}", user);
			long took = System.nanoTime() - sent;
			if (response.status() != 200) {
				errors.incrementAndGet();
				continue;
			}
			if ((i & 63) == 0) {
				verify(response.body(), socketId, channel);
			}
			if (n == samples.length) {
				samples = Arrays.copyOf(samples, n * 2);
			}
			samples[n++] = took;
		}
		return Arrays.copyOf(samples, n);
	}

	private void verify(String body, String socketId, String channel) {
		JsonNode answer = this.jsonMapper.readTree(body);
		JsonNode channelData = answer.get("channel_data");
		if (!this.signer.verify(answer.get("auth").asString(), socketId, channel,
				(channelData != null) ? channelData.asString() : null)) {
			throw new IllegalStateException("Signature does not verify for " + channel);
		}
	}

	private static long at(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1))];
	}

	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	/**
	 * One phase's numbers.
	 * @param perSecond requests (or signatures) per second
	 * @param p50Millis median latency
	 * @param p99Millis 99th percentile latency
	 * @param serverCpuMicrosPerRequest Tomcat threads' CPU per request
	 * @param processCpuMicrosPerRequest the whole JVM's CPU (client, server, GC, JIT) per request
	 * @param errors answers other than 200
	 */
	private record Result(double perSecond, double p50Millis, double p99Millis, double serverCpuMicrosPerRequest,
			double processCpuMicrosPerRequest, long errors) {

		/**
		 * Requests per second the JVM would manage with every core to itself, at this CPU per request.
		 * @return the estimate
		 */
		double perSecondOnIdleCores() {
			return (this.processCpuMicrosPerRequest > 0)
					? Runtime.getRuntime().availableProcessors() * 1e6 / this.processCpuMicrosPerRequest : 0;
		}

	}

	/**
	 * CPU time of Tomcat's threads (acceptor, poller, request workers): the server's share.
	 */
	private static final class ServerThreadsCpu {

		private static final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

		static long total() {
			long total = 0;
			for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
				if (info != null && info.getThreadName().startsWith("http-nio-")) {
					long nanos = threads.getThreadCpuTime(info.getThreadId());
					total += Math.max(0, nanos);
				}
			}
			return total;
		}

	}

	/**
	 * {@code --name=value} options.
	 */
	static final class Options {

		private Options() {
		}

		static Map<String, String> parse(List<String> args) {
			Map<String, String> values = new HashMap<>();
			for (String arg : args) {
				if (!arg.startsWith("--") || !arg.contains("=")) {
					throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
				}
				values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			return values;
		}

		static int integer(Map<String, String> values, String name, int defaultValue) {
			String value = values.remove(name);
			return (value != null) ? Integer.parseInt(value) : defaultValue;
		}

		static void requireEmpty(Map<String, String> values) {
			if (!values.isEmpty()) {
				throw new IllegalArgumentException("Unknown option(s) " + values.keySet());
			}
		}

	}

}
