package dev.pubsub.realtimex;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.core.ReconnectPolicy;

/**
 * The base of the tests against the real socket.io server ({@link NodeRealtimeXServer}): one server per
 * test class, started before its tests (skipped, or failed with {@code CI=true}, when Node or socket.io
 * is missing, as {@code InteropPeers} decides) and stopped after them; a signer with the server's app
 * credentials; clients with a fast reconnect policy; and the frames a socket sent.
 */
abstract class NodeRealtimeXServerTestSupport {

	static NodeRealtimeXServer server;

	final JsonMapper jsonMapper = JsonMapper.builder().build();

	final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of(NodeRealtimeXServer.APP_KEY, NodeRealtimeXServer.APP_SECRET));

	/**
	 * Start the server. Each test class calls it from its own {@code @BeforeAll}: a skip is reported under
	 * the first class on the stack whose name ends in {@code Tests} ({@code InteropPeers.skip}), and an
	 * inherited static {@code @BeforeAll} would have only this base class on the stack.
	 */
	static void startServer() throws Exception {
		server = NodeRealtimeXServer.start();
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	/**
	 * A client of the server, reconnecting fast; the caller destroys it.
	 * @param name the client name
	 * @param authorizer authorizes private and presence channels
	 * @param apiKey the API key in the URL
	 * @return the client, not connected
	 */
	DefaultRealtimeXClient newClient(String name, RealtimeXAuthorizer authorizer, String apiKey) {
		ReconnectPolicy fast = new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5, -1);
		return new DefaultRealtimeXClient(name, this.jsonMapper, fast, Duration.ofSeconds(5), Duration.ofSeconds(5),
				server.uri(apiKey), authorizer, new StandardWebSocketClient());
	}

	/**
	 * The payloads of the frames one socket sent for one event, oldest first.
	 * @param socketId the socket id
	 * @param event the event name
	 * @return the payloads
	 */
	List<JsonNode> framesOf(String socketId, String event) throws Exception {
		List<JsonNode> found = new ArrayList<>();
		for (JsonNode frame : server.frames()) {
			if (frame.get("socket").asString().equals(socketId) && frame.get("event").asString().equals(event)) {
				found.add(frame.get("payload"));
			}
		}
		return found;
	}

}
