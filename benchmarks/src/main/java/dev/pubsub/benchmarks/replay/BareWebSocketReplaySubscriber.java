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
 * The floor for Realtime, wsrpc and RealtimeX: a plain JDK {@link java.net.http.WebSocket} that
 * subscribes with hand-written frames and parses every delivery with Jackson ({@code readTree}), reading
 * the payload's {@code seq}. It does what each protocol requires of any client: for wsrpc {@code _ping_}
 * and {@code subscribe} first and a reply to every {@code notify}; for RealtimeX the Socket.IO
 * {@code 40} connect, {@code realtimex:subscribe} and {@code 3} to every Engine.IO ping.
 */
final class BareWebSocketReplaySubscriber implements WebSocket.Listener, AutoCloseable {

	private static final String REALTIME_SUBSCRIBE = "{\"type\":\"subscribe\",\"data\":{\"topic\":\""
			+ ReplayTopics.TOPIC + "\"}}";

	private static final String WSRPC_PING = "{\"request\":{\"method\":\"_ping_\",\"arguments\":{},\"call_id\":"
			+ "\"00000000000000000000000000000001\"},\"response\":null}";

	private static final String WSRPC_SUBSCRIBE = "{\"request\":{\"method\":\"subscribe\",\"arguments\":{\"topics\":[\""
			+ ReplayTopics.TOPIC + "\"]},\"call_id\":\"00000000000000000000000000000002\"},\"response\":null}";

	private static final String REALTIMEX_SUBSCRIBE = "42[\"realtimex:subscribe\",{\"channel\":\""
			+ ReplayTopics.TOPIC + "\"}]";

	private final String provider;

	private final ReplayMeter meter;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final StringBuilder partial = new StringBuilder();

	/** The JDK WebSocket allows one outstanding send: replies are chained (only the reader sends). */
	private CompletableFuture<WebSocket> sending;

	private WebSocket webSocket;

	private BareWebSocketReplaySubscriber(String provider, ReplayMeter meter) {
		this.provider = provider;
		this.meter = meter;
	}

	static BareWebSocketReplaySubscriber connect(String provider, int port, ReplayMeter meter) throws Exception {
		BareWebSocketReplaySubscriber subscriber = new BareWebSocketReplaySubscriber(provider, meter);
		String url = "ws://127.0.0.1:" + port + switch (provider) {
			case "wsrpc" -> "/pubsub";
			case "realtimex" -> "/socket.io/?api_key=replay&transport=websocket&EIO=4";
			default -> "/apps/" + ReplayTopics.APP_ID + "?access_token=replay";
		};
		HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), subscriber).get(10,
				TimeUnit.SECONDS);
		return subscriber;
	}

	@Override
	public void onOpen(WebSocket webSocket) {
		this.webSocket = webSocket;
		this.sending = CompletableFuture.completedFuture(webSocket);
		if ("wsrpc".equals(this.provider)) {
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
		String text = data.toString();
		switch (this.provider) {
			case "wsrpc" -> onRpc(this.jsonMapper.readTree(text));
			case "realtimex" -> onEngineIo(text);
			default -> onRealtime(this.jsonMapper.readTree(text));
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
			JsonNode payload = frame.get("data").get("payload");
			payload.get("seq").asLong();
			this.meter.hit(payload.get("sentNanos").asLong());
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
			JsonNode payload = request.get("arguments").get("data");
			payload.get("seq").asLong();
			send("{\"request\":null,\"response\":{\"result\":\"None\",\"result_type\":\"str\",\"call_id\":\""
					+ request.get("call_id").asString() + "\"}}");
			this.meter.hit(payload.get("sentNanos").asLong());
		}
	}

	private void onEngineIo(String text) {
		if (text.startsWith("42")) {
			JsonNode event = this.jsonMapper.readTree(text.substring(2));
			if ("server-event".equals(event.get(0).asString())) {
				JsonNode payload = event.get(1).get("data");
				payload.get("seq").asLong();
				this.meter.hit(payload.get("sentNanos").asLong());
			}
		}
		else if (text.startsWith("40")) {
			send(REALTIMEX_SUBSCRIBE);
		}
		else if (text.startsWith("0")) {
			send("40");
		}
		else if (text.equals("2")) {
			send("3");
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
