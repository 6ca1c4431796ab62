package dev.pubsub.benchmarks.replay;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor for Realtime and wsrpc: a plain JDK {@link java.net.http.WebSocket} that subscribes with a
 * hand-written frame and parses every delivery with Jackson ({@code readTree}), reading the payload's
 * {@code seq}. For wsrpc it also does what the protocol requires of any client: {@code _ping_} and
 * {@code subscribe} first, and a reply to every {@code notify}.
 */
final class BareWebSocketReplaySubscriber implements WebSocket.Listener, AutoCloseable {

	private static final String REALTIME_SUBSCRIBE = "{\"type\":\"subscribe\",\"data\":{\"topic\":\""
			+ ReplayTopics.TOPIC + "\"}}";

	private static final String WSRPC_PING = "{\"request\":{\"method\":\"_ping_\",\"arguments\":{},\"call_id\":"
			+ "\"00000000000000000000000000000001\"},\"response\":null}";

	private static final String WSRPC_SUBSCRIBE = "{\"request\":{\"method\":\"subscribe\",\"arguments\":{\"topics\":[\""
			+ ReplayTopics.TOPIC + "\"]},\"call_id\":\"00000000000000000000000000000002\"},\"response\":null}";

	private final boolean wsrpc;

	private final ReplayMeter meter;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final StringBuilder partial = new StringBuilder();

	/** The JDK WebSocket allows one outstanding send: replies are chained (only the reader sends). */
	private CompletableFuture<WebSocket> sending;

	private WebSocket webSocket;

	private BareWebSocketReplaySubscriber(boolean wsrpc, ReplayMeter meter) {
		this.wsrpc = wsrpc;
		this.meter = meter;
	}

	static BareWebSocketReplaySubscriber connect(String provider, int port, ReplayMeter meter) throws Exception {
		boolean wsrpc = "wsrpc".equals(provider);
		BareWebSocketReplaySubscriber subscriber = new BareWebSocketReplaySubscriber(wsrpc, meter);
		String url = wsrpc ? "ws://127.0.0.1:" + port + "/pubsub"
				: "ws://127.0.0.1:" + port + "/apps/" + ReplayTopics.APP_ID + "?access_token=replay";
		HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), subscriber).get(10,
				TimeUnit.SECONDS);
		return subscriber;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.webSocket = webSocket;
		this.sending = CompletableFuture.completedFuture(webSocket);
		if (this.wsrpc) {
			send(WSRPC_PING);
			send(WSRPC_SUBSCRIBE);
		}
		webSocket.request(1);
	}

	@Override
	public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
		if (!last || this.partial.length() > 0) {
			this.partial.append(data);
			if (!last) {
				webSocket.request(1);
				return null;
			}
			data = this.partial.toString();
			this.partial.setLength(0);
		}
		JsonNode frame = this.jsonMapper.readTree(data.toString());
		if (this.wsrpc) {
			onRpc(frame);
		}
		else {
			onRealtime(frame);
		}
		webSocket.request(1);
		return null;
	}

	private void onRealtime(JsonNode frame) {
		JsonNode topic = frame.get("topic");
		if (topic == null) {
			return;
		}
		String name = topic.asString();
		if (ReplayTopics.TOPIC.equals(name)) {
			frame.get("data").get("payload").get("seq").asLong();
			this.meter.hit();
		}
		else if ("main".equals(name) && "welcome".equals(frame.path("messageType").asString(""))) {
			send(REALTIME_SUBSCRIBE);
		}
	}

	private void onRpc(JsonNode frame) {
		JsonNode request = frame.get("request");
		if (request == null || !request.isObject()) {
			return;
		}
		if ("notify".equals(request.get("method").asString())) {
			request.get("arguments").get("data").get("seq").asLong();
			send("{\"request\":null,\"response\":{\"result\":\"None\",\"result_type\":\"str\",\"call_id\":\""
					+ request.get("call_id").asString() + "\"}}");
			this.meter.hit();
		}
	}

	private void send(String text) {
		this.sending = this.sending.thenCompose((socket) -> socket.sendText(text, true));
	}

	@Override
	public void onError(WebSocket webSocket, Throwable error) {
		System.err.println("bare WebSocket subscriber failed: " + error);
	}

	@Override
	public void close() throws Exception {
		this.webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
	}

}
