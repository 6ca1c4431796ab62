package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * RealtimeX over Engine.IO v4 / Socket.IO v5 on a WebSocket, as the protocol note shows a socket.io
 * server: the Engine.IO OPEN packet, {@code 40{"sid":..}} to the client's {@code 40},
 * {@code realtimex_internal:subscription_succeeded} to {@code realtimex:subscribe} for {@code bench},
 * then {@code 42["server-event",{"channel":"bench","event":"tick","data":{..}}]} packets.
 * Heartbeat pongs ({@code 3}) and anything else the subscriber sends are dropped.
 */
final class RealtimeXReplay implements ReplayProtocol {

	private static final String OPEN = "0{\"sid\":\"replayEngineSid00000\",\"upgrades\":[],\"pingInterval\":25000,"
			+ "\"pingTimeout\":20000,\"maxPayload\":1000000}";

	private static final String SOCKET_ID = "replaySocketId000000";

	private final FrameBlock frames = new FrameBlock((seq) -> WebSocketWire.text("42[\"server-event\",{\"channel\":\""
			+ ReplayTopics.TOPIC + "\",\"event\":\"tick\",\"data\":" + ReplayTopics.payload(seq) + "}]"));

	@Override
	public void handshake(InputStream in, OutputStream out) throws IOException {
		WebSocketWire.upgrade(in, out);
		out.write(WebSocketWire.text(OPEN));
		out.flush();
		Object lock = new Object();
		while (true) {
			WebSocketWire.Frame frame = WebSocketWire.read(in);
			if (!WebSocketWire.control(frame, out, lock)) {
				throw new IOException("subscriber closed before subscribing");
			}
			if (frame.opcode() != WebSocketWire.TEXT) {
				continue;
			}
			String text = frame.text();
			if (text.equals("40") || text.startsWith("40{")) {
				out.write(WebSocketWire.text("40{\"sid\":\"" + SOCKET_ID + "\"}"));
				out.flush();
			}
			else if (text.startsWith("42[\"realtimex:subscribe\"")
					&& text.contains("\"channel\":\"" + ReplayTopics.TOPIC + "\"")) {
				out.write(WebSocketWire.text("42[\"realtimex_internal:subscription_succeeded\",{\"channel\":\""
						+ ReplayTopics.TOPIC + "\",\"socket_id\":\"" + SOCKET_ID + "\"}]"));
				out.flush();
				return;
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
