package dev.pubsub.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the real peers that {@code interop/setup.sh} installs (Python servers and clients, the
 * Node.js Socket.IO server, the Emitter broker, Redis, Mosquitto).
 * <p>
 * When a peer is missing, a test fails if it runs in CI (a truthy {@code CI}: {@code true}, {@code 1},
 * {@code yes}) or with
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
	 * <p>
	 * An absolute path (a Debian package's binary) is looked up under
	 * {@code -Dpubsub.interop.system-root} or {@code PUBSUB_INTEROP_SYSTEM_ROOT} when set, so that
	 * CI can prove the skip path of a machine without any peer ({@code .ci/interop-skip-check}).
	 * @param path the file, absolute or relative to {@link #home()}
	 * @param what a human description of the peer
	 * @return the absolute path
	 */
	public static Path require(String path, String what) {
		Path resolved = Paths.get(path).isAbsolute() ? systemPath(path) : home().resolve(path);
		if (!Files.exists(resolved)) {
			String message = what + " is not installed (" + resolved + " missing): run interop/setup.sh";
			if (isRequired()) {
				Assertions.fail(message);
			}
			skip(message);
		}
		return resolved;
	}

	/**
	 * Skip the current test (or test class, from {@code @BeforeAll}) because a peer is missing. When
	 * {@code PUBSUB_INTEROP_SKIP_REPORT} names a file, the test class and the reason are appended to
	 * it first: surefire reports nothing for a class whose {@code @BeforeAll} aborted, and CI's log
	 * shows this file ({@code .ci/interop-skip-check}).
	 * @param message why the test cannot run
	 */
	public static void skip(String message) {
		String report = System.getenv("PUBSUB_INTEROP_SKIP_REPORT");
		if (report != null && !report.isBlank()) {
			String testClass = StackWalker.getInstance()
				.walk((frames) -> frames.map(StackWalker.StackFrame::getClassName)
					.filter((name) -> name.endsWith("Tests"))
					.findFirst()
					.orElse("(unknown test class)"));
			try {
				Files.writeString(Paths.get(report), testClass + ": " + message + System.lineSeparator(),
						StandardOpenOption.CREATE, StandardOpenOption.APPEND);
			}
			catch (IOException ex) {
				// the report only feeds CI's log; the skip itself matters
			}
		}
		Assumptions.abort(message);
	}

	private static Path systemPath(String path) {
		String root = System.getProperty("pubsub.interop.system-root", System.getenv("PUBSUB_INTEROP_SYSTEM_ROOT"));
		if (root == null || root.isBlank()) {
			return Paths.get(path);
		}
		return Paths.get(root, path.substring(1)).toAbsolutePath();
	}

	/**
	 * Whether missing peers fail tests instead of skipping them.
	 * @return {@code true} in CI or with {@code -Dpubsub.interop.required=true}
	 */
	public static boolean isRequired() {
		return isCi(System.getenv("CI")) || Boolean.getBoolean("pubsub.interop.required");
	}

	/**
	 * Whether a value of the {@code CI} environment variable means "running in CI": {@code true},
	 * {@code 1} or {@code yes} in any case (CI services set {@code true} or {@code 1}); not
	 * {@code false}, {@code 0}, empty or unset.
	 * @param value the variable's value, or {@code null} when unset
	 * @return whether it is truthy
	 */
	public static boolean isCi(@Nullable String value) {
		if (value == null) {
			return false;
		}
		String normalized = value.trim().toLowerCase(Locale.ROOT);
		return normalized.equals("true") || normalized.equals("1") || normalized.equals("yes");
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
