package dev.pubsub.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives {@code /pubsub/auth} with {@code wrk} (Debian's package), a C load generator that costs the
 * shared cores far less CPU per request than a JVM client, so the rate says more about the
 * server. Each request has a fresh socket id and one of 100 channel names, the SDK's JSON body and
 * bearer header, and the benchmark's user header. Answers other than 200 are reported.
 */
final class WrkChannelAuthLoad {

	private static final Pattern REQUESTS = Pattern.compile("(\\d+) requests in");

	private static final Pattern RATE = Pattern.compile("Requests/sec:\\s+([\\d.]+)");

	private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

	private static final Pattern PERCENTILE = Pattern.compile("^\\s+(50|99)%\\s+([\\d.]+)(us|ms|s)\\s*$",
			Pattern.MULTILINE);

	private final URI uri;

	private final int connections;

	WrkChannelAuthLoad(URI uri, int connections) {
		this.uri = uri;
		this.connections = connections;
	}

	/**
	 * Run wrk for one phase.
	 * @param kind {@code private} or {@code presence}
	 * @param seconds the duration
	 * @return requests, rate, p50 and p99 in milliseconds, and non-200 answers
	 * @throws IOException if wrk cannot run
	 * @throws InterruptedException if interrupted
	 */
	double[] run(String kind, int seconds) throws IOException, InterruptedException {
		return run(kind, seconds, this.uri);
	}

	/**
	 * Run wrk for one phase against a given endpoint.
	 * @param kind {@code private} or {@code presence}: the channel names of the requests
	 * @param seconds the duration
	 * @param target the endpoint
	 * @return requests, rate, p50 and p99 in milliseconds, and non-200 answers
	 * @throws IOException if wrk cannot run
	 * @throws InterruptedException if interrupted
	 */
	double[] run(String kind, int seconds, URI target) throws IOException, InterruptedException {
		Path script = Files.createTempFile("channel-auth-", ".lua");
		try {
			Files.writeString(script, script(kind), StandardCharsets.UTF_8);
			List<String> command = new ArrayList<>(List.of("wrk", "-t1", "-c" + this.connections, "-d" + seconds + "s",
					"--latency", "-s", script.toString(), target.toString()));
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(seconds + 30L, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("wrk failed: " + output);
			}
			return new double[] { number(REQUESTS, output), number(RATE, output), percentile(output, "50"),
					percentile(output, "99"), optional(NON_2XX, output) };
		}
		finally {
			Files.deleteIfExists(script);
		}
	}

	private static String script(String kind) {
		return String.format(Locale.ROOT, """
				wrk.method = "POST"
				wrk.headers["Content-Type"] = "application/json"
				wrk.headers["Authorization"] = "Bearer bench-api-key"
				wrk.headers["%s"] = "wrk-user"
				local n = 0
				request = function()
				  n = n + 1
				  local body = '{"socket_id":"4242.' .. n .. '","channel_name":"%s-bench-' .. (n %% 100) .. '"}'
				  return wrk.format(nil, nil, nil, body)
				end
				""", ChannelAuthBenchmarkApplication.USER_HEADER, kind);
	}

	private static double number(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected wrk output: " + output);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static double optional(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
	}

	private static double percentile(String output, String which) {
		Matcher matcher = PERCENTILE.matcher(output);
		while (matcher.find()) {
			if (matcher.group(1).equals(which)) {
				double value = Double.parseDouble(matcher.group(2));
				return switch (matcher.group(3)) {
					case "us" -> value / 1000;
					case "s" -> value * 1000;
					default -> value;
				};
			}
		}
		return Double.NaN;
	}

}
