package dev.pubsub.benchmarks.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Startup cost (issue 14 part 5): {@code startup [--rounds=5] [--jar=..]} starts one replay server per
 * provider (its own JVMs, already running, nothing to deliver), then in alternating order starts a fresh
 * JVM of {@code startup-app with} (auto-configuration with five clients, one per provider, and the 100
 * {@code @PubSubListener} methods of {@link RealtimeStartupListeners} and its four siblings) and
 * {@code startup-app without} (the same application, same beans and Tomcat, with every {@code dev.pubsub}
 * auto-configuration excluded). Each prints the time from JVM start to the started context and the time
 * {@code SpringApplication.run} took, and its CPU time (whole process, JIT and GC threads included, and the main thread); the table gives the
 * medians and the difference (JIT; AOT is not measured here, see {@code benchmarks/aot-start.sh}).
 * {@code startup-app with|without --steps=N} also prints Spring's startup steps with the most self time,
 * CPU per thread and a wall-clock sample of the main thread ({@link StartupSteps}).
 */
public final class StartupBenchmark {

	static final String[] PROVIDERS = { "realtime", "wsrpc", "emitter", "realtimex", "httppubsub" };

	static final String[] CLIENTS = { "rt", "ws", "em", "rx", "hp" };

	private static final String EXCLUDE = String.join(",", "dev.pubsub.autoconfigure.PubSubAutoConfiguration",
			"dev.pubsub.autoconfigure.PubSubHealthContributorAutoConfiguration",
			"dev.pubsub.autoconfigure.PubSubMetricsAutoConfiguration",
			"dev.pubsub.autoconfigure.PubSubObservationAutoConfiguration",
			"dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration",
			"dev.pubsub.autoconfigure.PubSubEndpointRequirementsAutoConfiguration",
			"dev.pubsub.autoconfigure.ChannelAuthAutoConfiguration", "dev.pubsub.autoconfigure.RealtimeXAutoConfiguration",
			"dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration", "dev.pubsub.autoconfigure.EmitterAutoConfiguration",
			"dev.pubsub.autoconfigure.WsRpcAutoConfiguration", "dev.pubsub.autoconfigure.WsRpcServerAutoConfiguration",
			"dev.pubsub.autoconfigure.WsRpcRedisBroadcastAutoConfiguration",
			"dev.pubsub.autoconfigure.WsRpcBroadcastAutoConfiguration",
			"dev.pubsub.autoconfigure.WsRpcBroadcastHealthContributorAutoConfiguration",
			"dev.pubsub.autoconfigure.WsRpcServerMetricsAutoConfiguration");

	private StartupBenchmark() {
	}

	/**
	 * Run the driver.
	 * @param args options
	 * @throws Exception if a process cannot start
	 */
	public static void main(String[] args) throws Exception {
		ReplayOptions options = ReplayOptions.parse(args, 0);
		String jar = options.value("jar", System.getProperty("java.class.path"));
		String java = ProcessHandle.current().info().command().orElse("java");
		int rounds = options.intValue("rounds", 5);
		List<Process> servers = new ArrayList<>();
		List<String> ports = new ArrayList<>();
		try {
			for (String provider : PROVIDERS) {
				Process server = new ProcessBuilder(java, "-Xmx128m", "-jar", jar, "replay-server", provider,
						"--messages=0").redirectError(ProcessBuilder.Redirect.DISCARD).start();
				servers.add(server);
				ports.add(provider + ":" + port(server));
			}
			Map<String, List<long[]>> results = new LinkedHashMap<>();
			System.out.printf("startup: %d round(s), load average %.1f%n", rounds,
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
			for (int round = 1; round <= rounds; round++) {
				List<String> order = (round % 2 == 1) ? List.of("with", "without") : List.of("without", "with");
				for (String mode : order) {
					long[] result = runApp(java, jar, mode, String.join(",", ports), options.value("app-jvm-args", ""));
					if (result == null) {
						System.out.printf("startup %5d %-8s FAILED%n", round, mode);
						continue;
					}
					results.computeIfAbsent(mode, (key) -> new ArrayList<>()).add(result);
					System.out.printf("startup %5d %-8s started after %,6d ms (run() %,6d ms), CPU %,6d ms (main thread %,6d ms)%n",
							round, mode, result[0] / 1_000_000, result[1] / 1_000_000, result[2] / 1_000_000,
							result[3] / 1_000_000);
				}
			}
			if (results.containsKey("with") && results.containsKey("without")) {
				double with = median(results.get("with"), 0);
				double without = median(results.get("without"), 0);
				double withRun = median(results.get("with"), 1);
				double withoutRun = median(results.get("without"), 1);
				System.out.printf("%nstartup medians: with the starter %,.0f ms (run() %,.0f ms), without %,.0f ms (run() %,.0f ms); "
						+ "overhead %,.0f ms (goal <= 150 ms, JIT)%n", with / 1e6, withRun / 1e6, without / 1e6,
						withoutRun / 1e6, (with - without) / 1e6);
				// CPU time says more than wall time on a shared machine: process CPU (JIT and GC threads included)
				// and the main thread's, up to the started context
				System.out.printf("startup CPU medians: with the starter %,.0f ms (main thread %,.0f ms), without %,.0f ms "
						+ "(main thread %,.0f ms); overhead %,.0f ms CPU, %,.0f ms on the main thread%n",
						median(results.get("with"), 2) / 1e6, median(results.get("with"), 3) / 1e6,
						median(results.get("without"), 2) / 1e6, median(results.get("without"), 3) / 1e6,
						(median(results.get("with"), 2) - median(results.get("without"), 2)) / 1e6,
						(median(results.get("with"), 3) - median(results.get("without"), 3)) / 1e6);
				System.out.printf("TABLE-ROW startup without-starter - - - - %.0f_ms_to_started_context_(baseline)%n",
						without / 1e6);
				System.out.printf("TABLE-ROW startup 5-clients+100-listeners - - - - %.0f_ms,_+%.0f_ms_(%.2fx)%n",
						with / 1e6, (with - without) / 1e6, with / without);
			}
		}
		finally {
			for (Process server : servers) {
				server.getOutputStream().close();
				if (!server.waitFor(10, TimeUnit.SECONDS)) {
					server.destroyForcibly();
				}
			}
		}
		System.exit(0);
	}

	private static long processCpuNanos() {
		return (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os)
				? os.getProcessCpuTime() : -1;
	}

	private static double median(List<long[]> values, int index) {
		long[] sorted = values.stream().mapToLong((value) -> value[index]).sorted().toArray();
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2.0;
	}

	private static int port(Process server) throws IOException {
		BufferedReader reader = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = reader.readLine()) != null) {
			for (String part : line.split(" ")) {
				if (part.startsWith("port=")) {
					return Integer.parseInt(part.substring(5));
				}
			}
		}
		throw new IOException("a replay server exited without announcing its port");
	}

	private static long[] runApp(String java, String jar, String mode, String ports, String jvmArgs)
			throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
		if (!jvmArgs.isBlank()) {
			command.addAll(List.of(jvmArgs.trim().split(" ")));
		}
		command.addAll(List.of("-jar", jar, "startup-app", mode, "--ports=" + ports));
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		long[] result = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("STARTUP-RESULT ")) {
					String[] parts = line.split(" ");
					result = new long[] { Long.parseLong(parts[1].substring("uptime=".length())),
							Long.parseLong(parts[2].substring("run-nanos=".length())),
							Long.parseLong(parts[3].substring("cpu-nanos=".length())),
							Long.parseLong(parts[4].substring("main-cpu-nanos=".length())) };
				}
			}
		}
		if (!process.waitFor(120, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		return result;
	}

	/**
	 * The measured application: {@code startup-app with|without --ports=realtime:P,wsrpc:P,...}; prints
	 * {@code STARTUP-RESULT uptime=<ns from JVM start> run-nanos=<ns in SpringApplication.run>} and exits.
	 * @param args mode, then options
	 */
	public static void app(String[] args) {
		ReplayOptions options = ReplayOptions.parse(args, 1);
		boolean with = "with".equals(args[0]);
		List<String> properties = new ArrayList<>(List.of("--logging.level.root=WARN"));
		Map<String, Integer> ports = new LinkedHashMap<>();
		for (String entry : options.value("ports", "").split(",")) {
			String[] pair = entry.split(":");
			ports.put(pair[0], Integer.parseInt(pair[1]));
		}
		for (int i = 0; i < PROVIDERS.length; i++) {
			properties.addAll(ClientReplaySubscriber.properties(CLIENTS[i], PROVIDERS[i], ports.get(PROVIDERS[i])));
		}
		if (!properties.stream().anyMatch((property) -> property.startsWith("--server.port="))) {
			properties.add("--server.port=0");
		}
		if (!with) {
			properties.add("--spring.autoconfigure.exclude=" + EXCLUDE);
		}
		int steps = options.intValue("steps", 0);
		BufferingApplicationStartup recorder = (steps > 0) ? new BufferingApplicationStartup(100_000) : null;
		StartupSteps.WallSampler sampler = (steps > 0) ? StartupSteps.sampleCurrentThread() : null;
		long start = System.nanoTime();
		long preparedUptime = ManagementFactory.getRuntimeMXBean().getUptime();
		SpringApplicationBuilder builder = new SpringApplicationBuilder(ReplayApplication.class,
				RealtimeStartupListeners.class, WsRpcStartupListeners.class, EmitterStartupListeners.class,
				RealtimeXStartupListeners.class, HttpPubSubStartupListeners.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false);
		if (recorder != null) {
			builder.applicationStartup(recorder);
		}
		ConfigurableApplicationContext context = builder.run(properties.stream().distinct().toArray(String[]::new));
		long runNanos = System.nanoTime() - start;
		long uptime = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
		long cpu = processCpuNanos();
		long mainCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		System.out.println("STARTUP-RESULT uptime=" + uptime + " run-nanos=" + runNanos + " cpu-nanos=" + cpu
				+ " main-cpu-nanos=" + mainCpu + " prepared-ms=" + preparedUptime);
		if (recorder != null) {
			StartupSteps.print(recorder, steps);
			StartupSteps.printThreadCpu(15);
			sampler.print(steps);
		}
		System.out.flush();
		context.close();
		System.exit(0);
	}

}
