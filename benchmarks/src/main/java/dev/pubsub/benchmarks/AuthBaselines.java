package dev.pubsub.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The two baselines of {@code /pubsub/auth} in the same wrk run: {@code bare}, a Spring MVC
 * {@code @PostMapping} on the same Tomcat answering a fixed small JSON body (the framework's floor), and
 * {@code node}, the npm {@code pusher} library behind a minimal Node HTTP endpoint
 * ({@code benchmarks/endpoints/pusher-auth-server.js}, installed by {@code benchmarks/endpoints/setup.sh}
 * into {@code benchmarks/.work/node}), what a team would otherwise deploy.
 */
final class AuthBaselines implements AutoCloseable {

	/** The bare endpoint's path. */
	static final String BARE_PATH = "/bench/bare-auth";

	private final @Nullable Process node;

	private final @Nullable URI nodeUri;

	private AuthBaselines(@Nullable Process node, @Nullable URI nodeUri) {
		this.node = node;
		this.nodeUri = nodeUri;
	}

	/**
	 * Start the Node endpoint when asked for.
	 * @param withNode whether the {@code node} kind runs
	 * @param key the app key
	 * @param secret the app secret
	 * @return the baselines
	 * @throws IOException if Node or the pusher module is missing
	 */
	static AuthBaselines start(boolean withNode, String key, String secret) throws IOException {
		if (!withNode) {
			return new AuthBaselines(null, null);
		}
		Path dir = Path.of(System.getProperty("benchmarks.dir", "benchmarks"));
		Path modules = dir.resolve(".work/node/node_modules");
		if (!Files.isDirectory(modules.resolve("pusher"))) {
			throw new IOException("npm pusher is missing under " + modules + ": run benchmarks/endpoints/setup.sh");
		}
		ProcessBuilder builder = new ProcessBuilder("node", dir.resolve("endpoints/pusher-auth-server.js").toString(),
				"0", key, secret).redirectError(ProcessBuilder.Redirect.INHERIT);
		builder.environment().put("NODE_PATH", modules.toAbsolutePath().toString());
		Process process = builder.start();
		BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		String line = reader.readLine();
		if (line == null || !line.startsWith("PUSHER-AUTH port=")) {
			process.destroyForcibly();
			throw new IOException("the Node pusher endpoint did not start: " + line);
		}
		return new AuthBaselines(process, URI.create("http://127.0.0.1:" + line.substring(17).trim() + "/pubsub/auth"));
	}

	/**
	 * The URI a kind is sent to.
	 * @param kind {@code private}, {@code presence}, {@code bare} or {@code node}
	 * @param ours our {@code /pubsub/auth}
	 * @return the URI
	 */
	URI uri(String kind, URI ours) {
		return switch (kind) {
			case "bare" -> ours.resolve(BARE_PATH);
			case "node" -> (this.nodeUri != null) ? this.nodeUri : ours;
			default -> ours;
		};
	}

	/**
	 * The channel prefix a kind's requests use (the baselines get private channels).
	 * @param kind the kind
	 * @return {@code private} or {@code presence}
	 */
	static String channelKind(String kind) {
		return "presence".equals(kind) ? "presence" : "private";
	}

	/**
	 * CPU time of the process serving a kind, when it is not this JVM.
	 * @param kind the kind
	 * @return nanoseconds, or -1 when the kind is served by this JVM
	 */
	long externalCpuNanos(String kind) {
		if (!"node".equals(kind) || this.node == null) {
			return -1;
		}
		try {
			String[] stat = Files.readString(Path.of("/proc/" + this.node.pid() + "/stat")).split("\\) ", 2)[1].split(" ");
			// fields 14 and 15 (utime, stime) in clock ticks of 10 ms; after "pid (comm) " they are at 11, 12
			return (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) * 10_000_000L;
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

	@Override
	public void close() {
		if (this.node != null) {
			this.node.destroy();
		}
	}

	/** The bare Spring MVC endpoint: a fixed small JSON body, no signing. */
	@RestController
	static class BareEndpoint {

		private static final String BODY = "{\"auth\":\"bench-app-key:"
				+ "0000000000000000000000000000000000000000000000000000000000000000\"}";

		@PostMapping(path = BARE_PATH, produces = "application/json")
		String auth() {
			return BODY;
		}

	}

}
