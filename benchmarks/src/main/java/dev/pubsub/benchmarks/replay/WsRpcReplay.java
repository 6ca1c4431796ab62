package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * wsrpc (fastapi_websocket_pubsub) over WebSocket: answers {@code _ping_} with {@code "pong"} and
 * {@code subscribe} with {@code true}, then sends {@code notify} requests as
 * {@code dev.pubsub.wsrpc.server} writes them. The subscriber's notify replies are read and dropped;
 * later {@code _ping_} keep-alives are answered.
 */
final class WsRpcReplay implements ReplayProtocol {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final FrameBlock frames = new FrameBlock((seq) -> WebSocketWire.text(
			"{\"request\":{\"method\":\"notify\",\"arguments\":{\"subscription\":{\"id\":\"5ab1e\",\"subscriber_id\":"
					+ "\"replay-1\",\"topic\":\"" + ReplayTopics.TOPIC + "\",\"notifier_id\":null},\"data\":"
					+ ReplayTopics.payload(seq) + "},\"call_id\":\"" + String.format("%032x", seq)
					+ "\"},\"response\":null}"));

	@Override
	public void handshake(InputStream in, OutputStream out) throws IOException {
		WebSocketWire.upgrade(in, out);
		Object lock = new Object();
		while (true) {
			WebSocketWire.Frame frame = WebSocketWire.read(in);
			if (!WebSocketWire.control(frame, out, lock)) {
				throw new IOException("subscriber closed before subscribing");
			}
			if (frame.opcode() == WebSocketWire.TEXT && answer(frame.text(), out, lock)) {
				return;
			}
		}
	}

	/** Answer a request; return whether it subscribed the benchmark topic. */
	private boolean answer(String text, OutputStream out, Object lock) throws IOException {
		JsonNode request = this.jsonMapper.readTree(text).path("request");
		if (!request.isObject()) {
			return false;
		}
		String method = request.path("method").asString("");
		String callId = this.jsonMapper.writeValueAsString(request.path("call_id"));
		String result = "_ping_".equals(method) ? "\"pong\",\"result_type\":\"str\"" : "true,\"result_type\":\"bool\"";
		synchronized (lock) {
			out.write(WebSocketWire.text("{\"request\":null,\"response\":{\"result\":" + result + ",\"call_id\":"
					+ callId + "}}"));
			out.flush();
		}
		if (!"subscribe".equals(method)) {
			return false;
		}
		for (JsonNode topic : request.path("arguments").path("topics")) {
			if (ReplayTopics.TOPIC.equals(topic.asString(""))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public FrameBlock frames() {
		return this.frames;
	}

	@Override
	public void drain(InputStream in, OutputStream out, Object lock) throws IOException {
		while (true) {
			WebSocketWire.Frame frame = WebSocketWire.read(in);
			if (!WebSocketWire.control(frame, out, lock)) {
				return;
			}
			if (frame.opcode() == WebSocketWire.TEXT && frame.text().contains("\"method\"")) {
				answer(frame.text(), out, lock);
			}
		}
	}

}
