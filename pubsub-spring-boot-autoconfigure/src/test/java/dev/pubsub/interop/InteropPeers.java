package dev.pubsub.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real peers that {@code interop/setup.sh} installs (Python servers and clients, the
 * Node.js Socket.IO server, the Emitter broker, Redis, Mosquitto).
 * <p>
 * When a peer is missing, a test fails if it runs in CI ({@code CI=true}) or with
 * {@code -Dpubsub.interop.required=true}, and is skipped with a message that says to run
 * {@code interop/setup.sh} otherwise.
 */
public final class InteropPeers {

	private InteropPeers() {
	}

	/**
	 * Return the {@code interop} directory of the repository.
	 * @return the directory
	 */
	public static Path home() {
		String configured = System.getProperty("pubsub.interop.home", System.getenv("PUBSUB_INTEROP_HOME"));
		if (configured != null && !configured.isBlank()) {
			return Paths.get(configured).toAbsolutePath();
		}
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("interop");
			if (Files.isDirectory(candidate) && Files.exists(candidate.resolve("setup.sh"))) {
				return candidate;
			}
			dir = dir.getParent();
		}
		throw new IllegalStateException("Cannot find the interop/ directory; set -Dpubsub.interop.home");
	}

	/**
	 * Require an installed file (an executable, a virtualenv, a node_modules folder).
	 * @param path the file, absolute or relative to {@link #home()}
	 * @param what a human description of the peer
	 * @return the absolute path
	 */
	public static Path require(String path, String what) {
		Path resolved = Paths.get(path).isAbsolute() ? Paths.get(path) : home().resolve(path);
		if (!Files.exists(resolved)) {
			String message = what + " is not installed (" + resolved + " missing): run interop/setup.sh";
			if (isRequired()) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
		return resolved;
	}

	/**
	 * Whether missing peers fail tests instead of skipping them.
	 * @return {@code true} in CI
	 */
	public static boolean isRequired() {
		return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("pubsub.interop.required");
	}

	/**
	 * Return a free TCP port on 127.0.0.1.
	 * @return the port
	 */
	public static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
