package dev.pubsub.benchmarks.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * The driver: {@code replay [--providers=realtime,wsrpc,emitter,realtimex,httppubsub] [--rounds=5] [--messages=200000]
 * [--warmup=50000] [--budget-seconds=600] [--subscriber-jvm-args=-Xmx512m] [--python=interop/.venv/bin/python]}.
 * Per provider it starts one
 * replay server JVM, then runs the three subscribers, each in a fresh JVM, in alternating order
 * (bare, raw, listener; then listener, raw, bare; ...), and prints one table of medians. With
 * {@code --python} / {@code --peers-python} the Python peer of a provider runs in the same rounds (see
 * {@link #peer(String)}).
 */
public final class ReplayBenchmark {

	private final ReplayOptions options;

	private final String javaCommand = ProcessHandle.current().info().command().orElse("java");

	private final String jar;

	private final Map<String, List<ReplayRun>> runs = new LinkedHashMap<>();

	private final List<String> tableRows = new ArrayList<>();

	private ReplayBenchmark(ReplayOptions options) {
		this.options = options;
		this.jar = options.value("jar", System.getProperty("java.class.path"));
	}

	/**
	 * Run the benchmark.
	 * @param args the options
	 * @throws Exception if a process cannot start
	 */
	public static void main(String[] args) throws Exception {
		new ReplayBenchmark(ReplayOptions.parse(args, 0)).run();
	}

	private void run() throws Exception {
		List<String> providers = Arrays.asList(this.options.value("providers", "realtime,wsrpc,emitter,realtimex,httppubsub").split(","));
		int rounds = this.options.intValue("rounds", 5);
		long messages = this.options.longValue("messages", 200_000);
		long warmup = this.options.longValue("warmup", 50_000);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(this.options.longValue("budget-seconds", 600));
		System.out.printf("replay benchmark: providers %s, %d round(s), %,d measured after %,d warm-up messages, "
				+ "%d cores, load average %.1f%n", providers, rounds, messages, warmup,
				Runtime.getRuntime().availableProcessors(),
				ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		System.out.printf("%-10s %5s %-10s %12s %12s%n", "provider", "round", "subscriber", "msg/s", "cpu us/msg");
		outer: for (String provider : providers) {
			Process server = startServer(provider, warmup, warmup + messages);
			try {
				int port = port(server);
				for (int round = 1; round <= rounds; round++) {
					List<String> order = new ArrayList<>(List.of(ReplaySubscriber.KINDS));
					if (peer(provider) != null) {
						order.add(1, "python");
					}
					if (round % 2 == 0) {
						Collections.reverse(order);
					}
					for (String kind : order) {
						if (System.nanoTime() - deadline > 0) {
							System.out.println("budget spent: no more rounds");
							break outer;
						}
						ReplayRun run = runSubscriber(provider, kind, port, warmup, messages);
						if (run != null) {
							this.runs.computeIfAbsent(provider + " " + kind, (key) -> new ArrayList<>()).add(run);
							System.out.printf("%-10s %5d %-10s %,12.0f %12.2f%n", provider, round, kind,
									run.messagesPerSecond(), run.cpuMicrosPerMessage());
						}
						long rate = pacedRate(provider);
						if (rate > 0 && !"python".equals(kind)) {
							long count = Math.max(1000, rate * this.options.longValue("paced-seconds", 3));
							command(server, "messages=" + count + " rate=" + rate);
							ReplayRun paced = runSubscriber(provider, kind, port, warmup, count);
							command(server, "rate=0");
							if (paced != null) {
								this.runs.computeIfAbsent(provider + " " + kind + " paced", (key) -> new ArrayList<>())
									.add(paced);
								System.out.printf("%-10s %5d %-10s paced %,d msg/s (received %,.0f/s): p50 %,.0f us, "
										+ "p99 %,.0f us%s%n", provider, round, kind, rate, paced.messagesPerSecond(),
										paced.p50Micros(), paced.p99Micros(), (paced.messagesPerSecond() < rate * 0.95)
												? " (did not keep up: queueing, lower --rate)" : "");
							}
						}
					}
				}
			}
			finally {
				server.getOutputStream().close();
				if (!server.waitFor(10, TimeUnit.SECONDS)) {
					server.destroyForcibly();
				}
			}
		}
		printTable(providers);
	}

	/**
	 * The fixed rate for the latency runs: {@code --rate=R}, else {@code --rate-fraction} (default 0.5)
	 * of the bare subscriber's median max rate so far for the provider; 0 (no paced run) when
	 * {@code --paced=false} or there is no bare result yet.
	 */
	private long pacedRate(String provider) {
		if (!Boolean.parseBoolean(this.options.value("paced", "true"))) {
			return 0;
		}
		long fixed = this.options.longValue("rate", 0);
		if (fixed > 0) {
			return fixed;
		}
		List<ReplayRun> bare = this.runs.get(provider + " bare");
		if (bare == null) {
			return 0;
		}
		double fraction = Double.parseDouble(this.options.value("rate-fraction", "0.5"));
		return Math.max(100, (long) (fraction * ReplayRun.median(bare, ReplayRun::messagesPerSecond)));
	}

	private static void command(Process server, String line) throws IOException {
		server.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		server.getOutputStream().flush();
	}

	private Process startServer(String provider, long warmup, long count) throws IOException {
		// httppubsub pre-signs every request of a run before sending (about 600 bytes each)
		String heap = "httppubsub".equals(provider) ? "-Xmx" + Math.max(256, 64 + count * 1200 / 1_000_000) + "m"
				: "-Xmx256m";
		return new ProcessBuilder(this.javaCommand, heap, "-jar", this.jar, "replay-server", provider,
				"--warmup=" + warmup, "--messages=" + count)
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
	}

	private static int port(Process server) throws IOException {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
		String line;
		while ((line = reader.readLine()) != null) {
			if (line.startsWith("REPLAY-SERVER ")) {
				System.out.println(line);
				for (String part : line.split(" ")) {
					if (part.startsWith("port=")) {
						return Integer.parseInt(part.substring(5));
					}
				}
			}
		}
		throw new IOException("the replay server exited without announcing its port");
	}

	private @Nullable ReplayRun runSubscriber(String provider, String kind, int port, long warmup, long messages)
			throws IOException, InterruptedException {
		long timeout = this.options.longValue("timeout-seconds", 120);
		List<String> command = new ArrayList<>();
		if ("python".equals(kind)) {
			List<String> peer = peer(provider);
			if (peer == null) {
				return null;
			}
			command.addAll(peer);
			command.add(("wsrpc".equals(provider)) ? "ws://127.0.0.1:" + port + "/pubsub" : String.valueOf(port));
			command.addAll(List.of(String.valueOf(warmup), String.valueOf(messages), String.valueOf(timeout)));
		}
		else {
			command.add(this.javaCommand);
			command.addAll(Arrays.asList(this.options.value("subscriber-jvm-args", "-Xmx512m").split(" ")));
			command.addAll(List.of("-jar", this.jar, "replay-subscriber", provider, kind, "--port=" + port,
					"--warmup=" + warmup, "--messages=" + messages, "--timeout-seconds=" + timeout));
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		@Nullable ReplayRun result = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				if (line.startsWith("REPLAY-RESULT ")) {
					result = ReplayRun.parse(line);
				}
				else {
					System.err.println("  [" + provider + " " + kind + "] " + line);
				}
			}
		}
		if (!process.waitFor(timeout + 30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
		}
		if (result == null) {
			System.out.printf("%-10s       %-10s FAILED (exit %s)%n", provider, kind,
					process.isAlive() ? "killed" : String.valueOf(process.exitValue()));
		}
		return result;
	}

	/**
	 * The Python peer of a provider (interpreter and script) in the optional second stage: wsrpc's
	 * {@code PubSubClient} with {@code --python=<interop venv python>} from {@code benchmarks/replay/};
	 * the Realtime seed client, emitter-io and realtimex-python with {@code --peers-python=<benchmarks/.work/venv
	 * python>} from {@code benchmarks/peers/} ({@code --peers-dir}); lonelypsc for httppubsub with {@code --python}
 * (the interop venv, interop/httppubsub/setup.sh).
	 */
	private @Nullable List<String> peer(String provider) {
		String peers = this.options.value("peers-dir", "benchmarks/peers");
		String venv = this.options.value("peers-python", "");
		return switch (provider) {
			case "wsrpc" -> this.options.value("python", "").isEmpty() ? null
					: List.of(this.options.value("python", ""), peers + "/../replay/py_wsrpc_subscriber.py");
			case "httppubsub" -> this.options.value("python", "").isEmpty() ? null
					: List.of(this.options.value("python", ""), peers + "/py_httppubsub_subscriber.py");
			case "realtime", "emitter", "realtimex" -> venv.isEmpty() ? null
					: List.of(venv, peers + "/py_" + provider + "_subscriber.py");
			default -> null;
		};
	}

	private void printTable(List<String> providers) {
		System.out.println();
		System.out.println("median over rounds (subscriber in its own JVM, replay server in another; p50/p99: send "
				+ "timestamp to handler entry in separate runs at a fixed rate, see the per-round lines)");
		System.out.printf("%-10s %-10s %6s %12s %12s %9s %9s %14s %14s%n", "provider", "subscriber", "rounds",
				"msg/s", "cpu us/msg", "p50 us", "p99 us", "msg/s vs bare", "cpu vs bare");
		for (String provider : providers) {
			List<ReplayRun> bare = this.runs.get(provider + " bare");
			List<String> kinds = new ArrayList<>(List.of(ReplaySubscriber.KINDS));
			kinds.add("python");
			for (String kind : kinds) {
				List<ReplayRun> list = this.runs.get(provider + " " + kind);
				if (list == null) {
					continue;
				}
				double rate = ReplayRun.median(list, ReplayRun::messagesPerSecond);
				double cpu = ReplayRun.median(list, ReplayRun::cpuMicrosPerMessage);
				String rateRatio = "-";
				String cpuRatio = "-";
				if (bare != null) {
					rateRatio = String.format("%.2f", rate / ReplayRun.median(bare, ReplayRun::messagesPerSecond));
					cpuRatio = String.format("%.2f", cpu / ReplayRun.median(bare, ReplayRun::cpuMicrosPerMessage));
				}
				List<ReplayRun> paced = this.runs.get(provider + " " + kind + " paced");
				String p50 = (paced != null) ? String.format("%,.0f", ReplayRun.median(paced, ReplayRun::p50Micros)) : "-";
				String p99 = (paced != null) ? String.format("%,.0f", ReplayRun.median(paced, ReplayRun::p99Micros)) : "-";
				System.out.printf("%-10s %-10s %6d %,12.0f %12.2f %9s %9s %14s %14s%n", provider, kind, list.size(), rate,
						cpu, p50, p99, rateRatio, cpuRatio);
				this.tableRows.add(String.format("TABLE-ROW %s %s %.0f %.2f %s %s %s", provider, kind, rate, cpu,
						p50.replace(",", ""), p99.replace(",", ""), "-".equals(rateRatio) ? "-"
								: rateRatio + "/cpu" + cpuRatio + "_vs_bare"));
			}
			List<ReplayRun> python = this.runs.get(provider + " python");
			List<ReplayRun> listener = this.runs.get(provider + " listener");
			if (python != null && listener != null) {
				double ratio = ReplayRun.median(listener, ReplayRun::messagesPerSecond)
						/ ReplayRun.median(python, ReplayRun::messagesPerSecond);
				System.out.printf("%-10s listener / Python peer msg/s: %.1f (goal >= 10)%n", provider, ratio);
				this.tableRows.add(String.format("TABLE-ROW %s listener/python - - - - %.1fx_python", provider, ratio));
			}
		}
		// machine-readable rows for benchmarks/run-all.sh's one table
		this.tableRows.forEach(System.out::println);
	}

}
