package dev.pubsub.wsrpc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.awaitility.Awaitility.await;

/**
 * A real peer process (Python server or client script, redis-server) whose stdout JSON lines are
 * collected; stops it on {@link #close()}.
 */
final class PeerProcess implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final List<JsonNode> events = new CopyOnWriteArrayList<>();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private PeerProcess(Process process) {
		this.process = process;
		Thread reader = new Thread(this::read, "peer-stdout-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	static PeerProcess start(Path workDir, List<String> command) {
		return start(workDir, command, java.util.Map.of());
	}

	static PeerProcess start(Path workDir, List<String> command, java.util.Map<String, String> environment) {
		try {
			ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
				.redirectError(ProcessBuilder.Redirect.DISCARD);
			builder.environment().put("PYTHONUNBUFFERED", "1");
			builder.environment().putAll(environment);
			return new PeerProcess(builder.start());
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + command, ex);
		}
	}

	/**
	 * Start the Python server script and wait until it accepts connections.
	 */
	static PeerProcess pythonServer(int port, String... extraArgs) {
		Path interop = InteropPaths.interop();
		List<String> command = new ArrayList<>(List.of(InteropPaths.python().toString(),
				interop.resolve("wsrpc/server.py").toString(), String.valueOf(port)));
		command.addAll(List.of(extraArgs));
		PeerProcess peer = start(interop, command);
		peer.awaitEvent((event) -> "ready".equals(event.path("event").asString()), Duration.ofSeconds(30));
		return peer;
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
				if (line.startsWith("{")) {
					try {
						this.events.add(JSON.readTree(line));
					}
					catch (RuntimeException ex) {
						// not one of our JSON lines
					}
				}
			}
		}
		catch (IOException ex) {
			// process ended
		}
	}

	List<JsonNode> events() {
		return this.events;
	}

	List<JsonNode> events(String type) {
		return this.events.stream().filter((event) -> type.equals(event.path("event").asString())).toList();
	}

	List<String> lines() {
		return this.lines;
	}

	JsonNode awaitEvent(Predicate<JsonNode> predicate, Duration timeout) {
		await().atMost(timeout).until(() -> this.events.stream().anyMatch(predicate) || !this.process.isAlive());
		return this.events.stream()
			.filter(predicate)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("Peer exited (" + this.process.exitValue()
					+ ") without the expected event; output: " + this.lines));
	}

	boolean awaitExit(Duration timeout) throws InterruptedException {
		return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

	int exitValue() {
		return this.process.exitValue();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
