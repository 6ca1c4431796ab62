package dev.pubsub.sample.realtimex;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates what {@code interop/browser/setup.sh} installs (Debian's Chromium, playwright-core) - the
 * lookup of {@code dev.pubsub.interop.InteropPeers}, which lives in another module's test sources.
 * A missing peer fails the test in CI ({@code CI=true} or {@code -Dpubsub.interop.required=true})
 * and skips it otherwise.
 */
final class BrowserPeers {

	private BrowserPeers() {
	}

	/**
	 * Return the {@code interop} directory of the repository.
	 * @return the directory
	 */
	static Path home() {
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
	 * Require an installed file.
	 * @param path the file, absolute or relative to {@link #home()}
	 * @param what a human description of the peer
	 * @return the absolute path
	 */
	static Path require(String path, String what) {
		Path resolved = Paths.get(path).isAbsolute() ? Paths.get(path) : home().resolve(path);
		if (!Files.exists(resolved)) {
			String message = what + " is not installed (" + resolved + " missing): run interop/setup.sh";
			if ("true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("pubsub.interop.required")) {
				Assertions.fail(message);
			}
			Assumptions.abort(message);
		}
		return resolved;
	}

}
