package dev.pubsub.httppubsub;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import dev.pubsub.interop.InteropPeers;
import dev.pubsub.interop.InteropScripts;

/**
 * The real lonelypss broadcaster, started by {@code interop/httppubsub/run-broadcaster.sh} on an
 * ephemeral port of 127.0.0.1, with {@code lonelypss --setup} files in a temporary directory.
 */
final class RealBroadcaster implements AutoCloseable {

	private final Path dir;

	private final String mode;

	private final int port;

	private final String toBroadcasterSecret;

	private final String toSubscriberSecret;

	private final java.util.Map<String, String> environment = new java.util.HashMap<>();

	private Process process;

	RealBroadcaster(Path dir, String mode) {
		this.dir = dir;
		this.mode = mode;
		this.port = InteropPeers.freePort();
		this.toBroadcasterSecret = secret((byte) 1);
		this.toSubscriberSecret = secret((byte) 2);
	}

	private static String secret(byte seed) {
		byte[] key = new byte[64];
		new java.security.SecureRandom().nextBytes(key);
		key[0] = seed;
		return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
	}

	static RealBroadcaster start(Path dir, String mode) {
		InteropPeers.require(".venv/bin/lonelypss", "lonelypss broadcaster");
		RealBroadcaster broadcaster = new RealBroadcaster(dir, mode);
		broadcaster.start();
		return broadcaster;
	}

	/**
	 * Start a broadcaster whose outgoing websocket messages are at most {@code size} bytes.
	 */
	static RealBroadcaster startWithWebsocketMessageSize(Path dir, String mode, int size) {
		InteropPeers.require(".venv/bin/lonelypss", "lonelypss broadcaster");
		RealBroadcaster broadcaster = new RealBroadcaster(dir, mode);
		broadcaster.environment.put("LONELYPSS_WS_MESSAGE_SIZE", String.valueOf(size));
		broadcaster.start();
		return broadcaster;
	}

	void start() {
		Path script = InteropScripts.script("httppubsub/run-broadcaster.sh");
		List<String> command = new ArrayList<>(List.of("bash", script.toString(), this.dir.toString(),
				String.valueOf(this.port), this.mode));
		if (!"none".equals(this.mode)) {
			command.add(this.toBroadcasterSecret);
			command.add(this.toSubscriberSecret);
		}
		try {
			ProcessBuilder builder = new ProcessBuilder(command);
			builder.environment().putAll(this.environment);
			builder.environment().put("PUBSUB_INTEROP_HOME", InteropPeers.home().toString());
			this.process = builder.redirectErrorStream(true)
				.redirectOutput(this.dir.resolveSibling(this.dir.getFileName() + ".log").toFile())
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Awaitility.await("broadcaster on port " + this.port).atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> {
				if (!this.process.isAlive()) {
					throw new IllegalStateException("broadcaster exited: " + log());
				}
				try (Socket socket = new Socket()) {
					socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
					return true;
				}
				catch (IOException ex) {
					return false;
				}
			});
	}

	/**
	 * Stop the broadcaster and forget its subscriptions (as if it had lost its store).
	 */
	void stopAndWipe() throws IOException {
		stop();
		Files.deleteIfExists(this.dir.resolve("subscriptions.db"));
	}

	void stop() {
		if (this.process != null) {
			this.process.descendants().forEach(ProcessHandle::destroy);
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.port;
	}

	Path subscriberSecrets() {
		return this.dir.resolve("subscriber-secrets.json");
	}

	String log() {
		try {
			return Files.readString(this.dir.resolveSibling(this.dir.getFileName() + ".log"));
		}
		catch (IOException ex) {
			return "(no log)";
		}
	}

	@Override
	public void close() {
		stop();
	}

}
