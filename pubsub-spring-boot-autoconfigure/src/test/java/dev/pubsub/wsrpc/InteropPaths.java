package dev.pubsub.wsrpc;

import java.nio.file.Path;

import dev.pubsub.interop.InteropPeers;

/**
 * Locates the real fastapi_websocket_pubsub peers installed by {@code interop/wsrpc/setup.sh}.
 */
final class InteropPaths {

	private InteropPaths() {
	}

	static Path interop() {
		return InteropPeers.home();
	}

	static Path python() {
		InteropPeers.require(".venv/lib/python3.11/site-packages/fastapi_websocket_pubsub/__init__.py".replace(
				"python3.11", pythonDir()), "fastapi-websocket-pubsub (interop/wsrpc/setup.sh)");
		return InteropPeers.home().resolve(".venv/bin/python");
	}

	static Path redisServer() {
		// Through InteropPeers, so that the skip check's empty system root hides it like any peer.
		return InteropPeers.require("/usr/bin/redis-server", "redis-server (interop/wsrpc/setup.sh)");
	}

	private static String pythonDir() {
		Path lib = InteropPeers.home().resolve(".venv/lib");
		java.io.File[] dirs = lib.toFile().listFiles((dir, name) -> name.startsWith("python"));
		return (dirs != null && dirs.length > 0) ? dirs[0].getName() : "python3";
	}

}
