package dev.pubsub.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the scripts under {@code interop/} that are versioned with the tests (peer launchers
 * and test servers), as opposed to what {@code interop/setup.sh} installs. They are taken from this
 * checkout even when {@code PUBSUB_INTEROP_HOME} points the installed peers at another checkout, so
 * a change to a launcher is tested together with the tests that need it.
 */
public final class InteropScripts {

	private InteropScripts() {
	}

	/**
	 * Return a versioned file under this checkout's {@code interop/} directory, or under
	 * {@link InteropPeers#home()} when this checkout has no such file.
	 * @param path the path relative to {@code interop/}
	 * @return the absolute path
	 */
	public static Path script(String path) {
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null) {
			Path candidate = dir.resolve("interop").resolve(path);
			if (Files.exists(dir.resolve("interop").resolve("setup.sh")) && Files.exists(candidate)) {
				return candidate;
			}
			dir = dir.getParent();
		}
		return InteropPeers.home().resolve(path);
	}

}
