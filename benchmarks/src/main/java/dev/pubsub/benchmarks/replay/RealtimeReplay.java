package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Realtime over WebSocket, frames as the embedded gateway ({@code dev.pubsub.test.realtime}) writes
 * them: the {@code welcome} frame on connect, no answer to {@code subscribe}, then deliveries
 * {@code {"topic":"bench","messageType":"tick","data":{"payload":...,"id":...,"client":{...}}}}.
 */
final class RealtimeReplay implements ReplayProtocol {

	private static final String WELCOME = "{\"topic\":\"main\",\"messageType\":\"welcome\",\"data\":{\"connection\":"
			+ "{\"id\":\"replay-1\",\"appId\":\"" + ReplayTopics.APP_ID + "\",\"remoteAddress\":\"127.0.0.1\"}}}";

	private static final String CLIENT = "{\"connectionId\":\"replay-0\",\"subject\":\"bench-publisher\","
			+ "\"permissions\":[\"realtime:publisher:write:topic:*\",\"realtime:subscriber:read:topic:*\"]}";

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final FrameBlock frames = new FrameBlock((seq) -> WebSocketWire.text("{\"topic\":\""
			+ ReplayTopics.TOPIC + "\",\"messageType\":\"tick\",\"data\":{\"payload\":" + ReplayTopics.payload(seq)
			+ ",\"id\":\"m-" + seq + "\",\"client\":" + CLIENT + "}}"));

	@Override
	public void handshake(InputStream in, OutputStream out) throws IOException {
		WebSocketWire.upgrade(in, out);
		out.write(WebSocketWire.text(WELCOME));
		out.flush();
		Object lock = new Object();
		while (true) {
			WebSocketWire.Frame frame = WebSocketWire.read(in);
			if (!WebSocketWire.control(frame, out, lock)) {
				throw new IOException("subscriber closed before subscribing");
			}
			if (frame.opcode() == WebSocketWire.TEXT) {
				JsonNode node = this.jsonMapper.readTree(frame.text());
				JsonNode data = node.path("data");
				if ("subscribe".equals(node.path("type").asString(""))
						&& ReplayTopics.TOPIC.equals(data.path("topic").asString(""))) {
					return;
				}
			}
		}
	}

	@Override
	public FrameBlock frames() {
		return this.frames;
	}

	@Override
	public void drain(InputStream in, OutputStream out, Object lock) throws IOException {
		while (WebSocketWire.control(WebSocketWire.read(in), out, lock)) {
			// discard
		}
	}

}
