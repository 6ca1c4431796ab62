package dev.pubsub.realtimex;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.interop.InteropPeers;
import dev.pubsub.interop.InteropScripts;

/**
 * Runs {@code interop/socketio/realtimex-server.js} (real socket.io 4.8) on a free port.
 */
final class NodeRealtimeXServer implements AutoCloseable {

	static final String APP_KEY = "app-key";

	static final String APP_SECRET = "app-secret";

	static final String API_KEY = "public-api-key";

	private final Process process;

	private final int port;

	private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private NodeRealtimeXServer(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static NodeRealtimeXServer start() throws Exception {
		Path home = InteropPeers.require("socketio/node_modules/socket.io/package.json", "npm socket.io 4.8")
			.getParent()
			.getParent()
			.getParent();
		// the server script of this checkout, the socket.io installed under the interop home
		ProcessBuilder builder = new ProcessBuilder("node",
				InteropScripts.script("socketio/realtimex-server.js").toString(), "0", APP_KEY, APP_SECRET, API_KEY,
				"1500", "1000")
			.directory(home.toFile())
			.redirectErrorStream(true);
		builder.environment().put("NODE_PATH", home.resolve("node_modules").toString());
		Process process = builder.start();
		BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
			try {
				String line;
				while ((line = reader.readLine()) != null) {
					if (line.startsWith("ready ")) {
						return Integer.parseInt(line.substring(6).trim());
					}
				}
				throw new IllegalStateException("socket.io server exited with " + process.waitFor());
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			int port = ready.get(20, TimeUnit.SECONDS);
			Thread drain = new Thread(() -> reader.lines().forEach((line) -> { }), "node-realtimex-output");
			drain.setDaemon(true);
			drain.start();
			return new NodeRealtimeXServer(process, port);
		}
		catch (Exception ex) {
			process.destroyForcibly();
			throw ex;
		}
	}

	int port() {
		return this.port;
	}

	URI uri(String apiKey) {
		return DefaultRealtimeXClient.uri("127.0.0.1", this.port, false, "/socket.io/", apiKey);
	}

	void publish(String channel, String event, Object data) throws Exception {
		post("/admin/publish", this.jsonMapper.writeValueAsString(
				java.util.Map.of("channel", channel, "event", event, "data", data)));
	}

	/**
	 * Send a {@code server-event} straight to one socket, whether or not it is in the channel: what a
	 * client sees when an event crosses its unsubscribe on the wire.
	 */
	void publishTo(String socketId, String channel, String event, Object data) throws Exception {
		post("/admin/publish", this.jsonMapper.writeValueAsString(
				java.util.Map.of("channel", channel, "event", event, "data", data, "to", socketId)));
	}

	/**
	 * Send {@code count} events to the channel in one go (one event-loop turn of the server), each
	 * with {@code seq} 0 to count - 1 in its data.
	 */
	void publishBurst(String channel, String event, int count) throws Exception {
		post("/admin/publish", this.jsonMapper.writeValueAsString(java.util.Map.of("channel", channel, "event", event,
				"data", java.util.Map.of(), "count", count)));
	}

	/**
	 * The connected sockets and the channels each is in, as the server sees them.
	 */
	java.util.Map<String, java.util.Set<String>> sockets() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/admin/sockets")).build(),
				HttpResponse.BodyHandlers.ofString());
		java.util.Map<String, java.util.Set<String>> sockets = new java.util.LinkedHashMap<>();
		for (java.util.Map.Entry<String, JsonNode> entry : this.jsonMapper.readTree(response.body()).properties()) {
			java.util.Set<String> rooms = new java.util.LinkedHashSet<>();
			entry.getValue().forEach((room) -> rooms.add(room.asString()));
			sockets.put(entry.getKey(), rooms);
		}
		return sockets;
	}

	void kick() throws Exception {
		post("/admin/kick", "{}");
	}

	JsonNode frames() throws Exception {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/admin/frames")).build(),
				HttpResponse.BodyHandlers.ofString());
		return this.jsonMapper.readTree(response.body());
	}

	private void post(String path, String body) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.header("Content-Type", "application/json")
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(path + " answered " + response.statusCode());
		}
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
