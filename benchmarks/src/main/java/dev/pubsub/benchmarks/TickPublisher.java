package dev.pubsub.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The publisher shared by every scenario: its own bare WebSocket connection that writes
 * {@code publish} frames to the benchmark topic, each payload carrying a sequence number and the
 * {@link System#nanoTime()} taken just before the write. The gateway's acks are counted and
 * otherwise ignored.
 */
final class TickPublisher implements TickSource, AutoCloseable {

	static final String TOPIC = "bench";

	static final String MESSAGE_TYPE = "tick";

	private final WebSocketSession session;

	private final Acks acks;

	private final StringBuilder frame = new StringBuilder(192);

	private TickPublisher(WebSocketSession session, Acks acks) {
		this.session = session;
		this.acks = acks;
	}

	static TickPublisher connect(String connectUrl) throws Exception {
		Acks acks = new Acks();
		WebSocketSession session = new StandardWebSocketClient()
			.execute(acks, new WebSocketHttpHeaders(), java.net.URI.create(connectUrl))
			.get(10, TimeUnit.SECONDS);
		return new TickPublisher(session, acks);
	}

	@Override
	public void publish(String run, long seq) throws IOException {
		StringBuilder frame = this.frame;
		frame.setLength(0);
		long sentNanos = System.nanoTime();
		frame.append("{\"type\":\"publish\",\"data\":{\"topic\":\"")
			.append(TOPIC)
			.append("\",\"messageType\":\"")
			.append(MESSAGE_TYPE)
			.append("\",\"compress\":false,\"payload\":{\"seq\":")
			.append(seq)
			.append(",\"sentNanos\":")
			.append(sentNanos)
			.append("},\"id\":\"")
			.append(run)
			.append('-')
			.append(seq)
			.append("\"}}");
		this.session.sendMessage(new TextMessage(frame.toString()));
	}

	long acks() {
		return this.acks.count.get();
	}

	@Override
	public void close() throws IOException {
		this.session.close();
	}

	private static final class Acks extends AbstractWebSocketHandler {

		private final AtomicLong count = new AtomicLong();

		@Override
		public void handleMessage(WebSocketSession session, WebSocketMessage<?> message) {
			this.count.incrementAndGet();
		}

	}

}
