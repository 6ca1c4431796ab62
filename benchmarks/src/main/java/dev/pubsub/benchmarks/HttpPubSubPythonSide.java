package dev.pubsub.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Side B: the real Python client {@code lonelypsc} as notifier and subscriber in one process
 * ({@code interop/httppubsub/py_bench.py}), on the same broadcaster. It notifies
 * {@value #TOPIC}; its own uvicorn receiver gets the broadcaster's POST and its subscription
 * iterator yields the message. This class drives it over stdin and reads one result line per phase.
 */
final class HttpPubSubPythonSide implements HttpPubSubSide {

	static final String TOPIC = "bench/python";

	private static final String EOF = "\u0000eof";

	private final Process process;

	private final Writer commands;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Path log;

	private HttpPubSubPythonSide(Process process, Path log) {
		this.process = process;
		this.log = log;
		this.commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::readLines, "py-bench-stdout");
		reader.setDaemon(true);
		reader.start();
	}

	static HttpPubSubPythonSide start(Path interop, HttpPubSubBroadcasterProcess broadcaster, Path workDir,
			Duration timeout) throws IOException, InterruptedException, TimeoutException {
		Path python = interop.resolve(".venv/bin/python");
		Path log = workDir.resolve("py_bench.log");
		Process process = new ProcessBuilder(python.toString(), interop.resolve("httppubsub/py_bench.py").toString(),
				broadcaster.url(), broadcaster.subscriberSecrets().toString(),
				String.valueOf(HttpPubSubBroadcasterProcess.freePort()), TOPIC)
			.redirectError(log.toFile())
			.start();
		HttpPubSubPythonSide side = new HttpPubSubPythonSide(process, log);
		try {
			String line = side.nextLine(timeout);
			if (!"ready".equals(line)) {
				throw new IllegalStateException("py_bench.py did not start: " + line);
			}
		}
		catch (RuntimeException | TimeoutException | InterruptedException ex) {
			side.close();
			throw ex;
		}
		return side;
	}

	private void readLines() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process ended; EOF below tells the waiter
		}
		this.lines.add(EOF);
	}

	private String nextLine(Duration timeout) throws InterruptedException, TimeoutException {
		String line = this.lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (line == null) {
			throw new TimeoutException("py_bench.py said nothing within " + timeout);
		}
		if (EOF.equals(line)) {
			throw new IllegalStateException("py_bench.py exited: " + HttpPubSubBroadcasterProcess.read(this.log));
		}
		return line;
	}

	@Override
	public String name() {
		return "B Python lonelypsc";
	}

	@Override
	public HttpPubSubPhase run(Duration duration, int window) throws Exception {
		this.commands.write(String.format(Locale.ROOT, "phase %d %d%n", duration.toSeconds(), window));
		this.commands.flush();
		String line = nextLine(duration.plusMinutes(2));
		if (!line.startsWith("result ")) {
			throw new IllegalStateException("py_bench.py answered '" + line + "'");
		}
		Map<String, Long> values = new HashMap<>();
		for (String pair : line.substring("result ".length()).split(" ")) {
			int eq = pair.indexOf('=');
			values.put(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)));
		}
		int received = values.get("received").intValue();
		return new HttpPubSubPhase(values.get("sent").intValue(), received, values.get("failed").intValue(),
				values.get("elapsed_ns"), new LatencyRecorder.Percentiles(received, values.get("p50"),
						values.get("p90"), values.get("p99"), values.get("max")));
	}

	@Override
	public void close() throws InterruptedException {
		try {
			this.commands.write("quit\n");
			this.commands.flush();
		}
		catch (IOException ex) {
			// already gone
		}
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.descendants().forEach(ProcessHandle::destroy);
			this.process.destroy();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
