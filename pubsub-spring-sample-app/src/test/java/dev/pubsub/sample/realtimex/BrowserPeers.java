package dev.pubsub.sample.realtimex;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates what {@code interop/browser/setup.sh} installs (Debian's Chromium, playwright-core) - the
 * lookup of {@code dev.pubsub.interop.InteropPeers}, which lives in another module's test sources.
 * A missing peer fails the test in CI (a truthy {@code CI} or {@code -Dpubsub.interop.required=true})
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
		Path resolved = Paths.get(path).isAbsolute() ? systemPath(path) : home().resolve(path);
		if (!Files.exists(resolved)) {
			String message = what + " is not installed (" + resolved + " missing): run interop/setup.sh";
			if (isCi(System.getenv("CI")) || Boolean.getBoolean("pubsub.interop.required")) {
				Assertions.fail(message);
			}
			report(message);
			Assumptions.abort(message);
		}
		return resolved;
	}

	/**
	 * Append the skip to {@code PUBSUB_INTEROP_SKIP_REPORT} when set, as {@code InteropPeers.skip} does.
	 */
	private static void report(String message) {
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
	}

	/**
	 * Resolve an absolute path under {@code -Dpubsub.interop.system-root} or
	 * {@code PUBSUB_INTEROP_SYSTEM_ROOT} when set (CI's skip-path check), as {@code InteropPeers} does.
	 */
	private static Path systemPath(String path) {
		String root = System.getProperty("pubsub.interop.system-root", System.getenv("PUBSUB_INTEROP_SYSTEM_ROOT"));
		if (root == null || root.isBlank()) {
			return Paths.get(path);
		}
		return Paths.get(root, path.substring(1)).toAbsolutePath();
	}

	/**
	 * Whether a value of {@code CI} is truthy ({@code true}, {@code 1}, {@code yes} in any case), as
	 * {@code InteropPeers.isCi} decides.
	 * @param value the variable's value, or {@code null} when unset
	 * @return whether it is truthy
	 */
	static boolean isCi(@Nullable String value) {
		if (value == null) {
			return false;
		}
		String normalized = value.trim().toLowerCase(Locale.ROOT);
		return normalized.equals("true") || normalized.equals("1") || normalized.equals("yes");
	}

}
