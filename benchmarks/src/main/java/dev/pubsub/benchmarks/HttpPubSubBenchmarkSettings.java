package dev.pubsub.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The knobs of an httppubsub run, from {@code --name=value} arguments.
 *
 * @param rounds measured rounds per side
 * @param seconds length of the loaded phase of a round
 * @param window notifies in flight during the loaded phase (each slot notifies, waits for the
 * broadcaster's answer, notifies again)
 * @param latencySeconds length of the sequential phase of a round (one notify in flight)
 * @param warmupSeconds loaded warm-up per side before the first round (a one-second sequential
 * warm-up follows)
 * @param auth the broadcaster's auth mode in both directions: {@code none}, {@code token} or {@code hmac}
 * @param budgetSeconds the run stops starting rounds when the next one would end after this
 * @param interop the repository's {@code interop} directory (real peers installed by its setup scripts)
 * @param scenarios which sides to run: {@code A} (Java), {@code B} (Python) or both
 */
record HttpPubSubBenchmarkSettings(int rounds, int seconds, int window, int latencySeconds, int warmupSeconds,
		String auth, int budgetSeconds, Path interop, List<String> scenarios) {

	static HttpPubSubBenchmarkSettings parse(List<String> args) {
		Map<String, String> values = new HashMap<>();
		for (String arg : args) {
			if (!arg.startsWith("--") || !arg.contains("=")) {
				throw new IllegalArgumentException("Expected --name=value, got '" + arg + "'");
			}
			int eq = arg.indexOf('=');
			values.put(arg.substring(2, eq), arg.substring(eq + 1));
		}
		String auth = text(values, "auth", "hmac");
		if (!List.of("none", "token", "hmac").contains(auth)) {
			throw new IllegalArgumentException("--auth must be none, token or hmac, got '" + auth + "'");
		}
		String interop = values.remove("interop");
		HttpPubSubBenchmarkSettings settings = new HttpPubSubBenchmarkSettings(integer(values, "rounds", 5),
				integer(values, "seconds", 4), integer(values, "window", 8), integer(values, "latency-seconds", 2),
				integer(values, "warmup-seconds", 3), auth, integer(values, "budget-seconds", 150),
				(interop != null) ? Path.of(interop).toAbsolutePath() : findInterop(),
				List.of(text(values, "scenarios", "A,B").toUpperCase(Locale.ROOT).split(",")));
		if (!values.isEmpty()) {
			throw new IllegalArgumentException("Unknown option(s) " + values.keySet());
		}
		if (settings.window() < 1 || settings.rounds() < 1 || settings.seconds() < 1) {
			throw new IllegalArgumentException("--window, --rounds and --seconds must be at least 1");
		}
		return settings;
	}

	/**
	 * The {@code interop} directory above the working directory that holds the httppubsub peer scripts.
	 */
	private static Path findInterop() {
		for (@Nullable Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
			Path candidate = dir.resolve("interop");
			if (Files.isRegularFile(candidate.resolve("httppubsub/run-broadcaster.sh"))) {
				return candidate;
			}
		}
		throw new IllegalArgumentException(
				"No interop/httppubsub/run-broadcaster.sh above the working directory; run from the repository "
						+ "or pass --interop=<repository>/interop");
	}

	private static String text(Map<String, String> values, String name, String defaultValue) {
		String value = values.remove(name);
		return (value != null) ? value : defaultValue;
	}

	private static int integer(Map<String, String> values, String name, int defaultValue) {
		String value = values.remove(name);
		return (value != null) ? Integer.parseInt(value) : defaultValue;
	}

}
