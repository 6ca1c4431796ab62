package dev.pubsub.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real lonelypss broadcaster, started by {@code interop/httppubsub/run-broadcaster.sh} on a free
 * port of 127.0.0.1 with fresh {@code lonelypss --setup} files in a work directory, the way the
 * interop tests start it.
 */
final class HttpPubSubBroadcasterProcess implements AutoCloseable {

	private final Path dir;

	private final int port;

	private final Process process;

	private HttpPubSubBroadcasterProcess(Path dir, int port, Process process) {
		this.dir = dir;
		this.port = port;
		this.process = process;
	}

	static HttpPubSubBroadcasterProcess start(Path interop, Path workDir, String auth, Duration timeout)
			throws IOException, InterruptedException {
		Path script = interop.resolve("httppubsub/run-broadcaster.sh");
		if (!Files.isExecutable(interop.resolve(".venv/bin/lonelypss"))) {
			throw new IllegalStateException("lonelypss is not installed in " + interop.resolve(".venv")
					+ ": run interop/httppubsub/setup.sh first");
		}
		Path dir = workDir.resolve("broadcaster");
		int port = freePort();
		List<String> command = new ArrayList<>(
				List.of("bash", script.toString(), dir.toString(), String.valueOf(port), auth));
		if (!"none".equals(auth)) {
			command.add(secret());
			command.add(secret());
		}
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(workDir.resolve("broadcaster.log").toFile())
			.start();
		HttpPubSubBroadcasterProcess broadcaster = new HttpPubSubBroadcasterProcess(dir, port, process);
		try {
			broadcaster.awaitListening(timeout, workDir.resolve("broadcaster.log"));
		}
		catch (RuntimeException | InterruptedException ex) {
			broadcaster.close();
			throw ex;
		}
		return broadcaster;
	}

	private void awaitListening(Duration timeout, Path log) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Broadcaster exited: " + read(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 200);
				return;
			}
			catch (IOException ex) {
				if (System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("Broadcaster not listening within " + timeout + ": " + read(log));
				}
				Thread.sleep(100);
			}
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * The {@code subscriber-secrets.json} that {@code lonelypss --setup} wrote, read by both sides.
	 * @return the file
	 */
	Path subscriberSecrets() {
		return this.dir.resolve("subscriber-secrets.json");
	}

	@Override
	public void close() throws InterruptedException {
		this.process.descendants().forEach(ProcessHandle::destroy);
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
		}
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String secret() {
		byte[] key = new byte[64];
		new SecureRandom().nextBytes(key);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
	}

	static String read(Path log) {
		try {
			return Files.readString(log);
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

}
