package dev.pubsub.test.realtime;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bare Spring {@link StandardWebSocketClient} that records what the gateway sends, for tests of the gateway
 * itself (it is deliberately not the starter's Realtime client).
 */
public final class GatewayTestClient implements AutoCloseable {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private static final long TIMEOUT_SECONDS = 10;

	private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();

	private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();

	private final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();

	private WebSocketSession session;

	private String connectionId;

	private Frame welcome;

	private GatewayTestClient() {
	}

	public static GatewayTestClient connect(String url) throws Exception {
		GatewayTestClient client = new GatewayTestClient();
		client.session = client.open(url).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		Frame welcome = client.next();
		assertThat(welcome.json().path("messageType").asString()).isEqualTo("welcome");
		client.connectionId = welcome.json().path("data").path("connection").path("id").asString();
		client.welcome = welcome;
		return client;
	}

	/**
	 * Try to connect and return the failure.
	 */
	public static Throwable connectFailure(String url) throws Exception {
		GatewayTestClient client = new GatewayTestClient();
		try {
			WebSocketSession session = client.open(url).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
			session.close();
			throw new AssertionError("Connection to the gateway unexpectedly succeeded");
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
	}

	private CompletableFuture<WebSocketSession> open(String url) {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(32 * 1024 * 1024);
		container.setDefaultMaxBinaryMessageBufferSize(32 * 1024 * 1024);
		StandardWebSocketClient client = new StandardWebSocketClient(container);
		return client.execute(new Recorder(), new WebSocketHttpHeaders(), URI.create(url));
	}

	public Frame welcome() {
		return this.welcome;
	}

	public String connectionId() {
		return this.connectionId;
	}

	public void send(String json) throws Exception {
		this.session.sendMessage(new TextMessage(json));
	}

	public void sendBinary(byte[] bytes) throws Exception {
		this.session.sendMessage(new BinaryMessage(bytes));
	}

	public ByteBuffer ping(byte[] applicationData) throws Exception {
		this.session.sendMessage(new PingMessage(ByteBuffer.wrap(applicationData)));
		ByteBuffer pong = this.pongs.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		assertThat(pong).as("a pong within %d s", TIMEOUT_SECONDS).isNotNull();
		return pong;
	}

	public void subscribe(String topic) throws Exception {
		send("{\"type\":\"subscribe\",\"data\":{\"topic\":\"" + topic + "\"}}");
	}

	public Frame next() throws InterruptedException {
		Frame frame = this.frames.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		assertThat(frame).as("a frame from the gateway within %d s", TIMEOUT_SECONDS).isNotNull();
		return frame;
	}

	/**
	 * The next frame that matches, skipping others (presence events, for instance).
	 */
	public Frame next(Predicate<Frame> matching) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
		while (System.nanoTime() < deadline) {
			Frame frame = this.frames.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (frame != null && matching.test(frame)) {
				return frame;
			}
		}
		throw new AssertionError("No matching frame from the gateway within " + TIMEOUT_SECONDS + " s");
	}

	public Frame nextOn(String topic, String messageType) throws InterruptedException {
		return next((frame) -> frame.topic().equals(topic) && frame.messageType().equals(messageType));
	}

	/**
	 * Frames received so far and not yet consumed.
	 */
	public int pending() {
		return this.frames.size();
	}

	public CloseStatus awaitClose() throws Exception {
		return this.closed.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	public boolean isOpen() {
		return this.session.isOpen();
	}

	@Override
	public void close() throws Exception {
		if (this.session.isOpen()) {
			this.session.close();
		}
	}

	private final class Recorder extends AbstractWebSocketHandler {

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			GatewayTestClient.this.frames.add(new Frame(message.getPayload(), false));
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
			ByteBuffer payload = message.getPayload();
			GatewayTestClient.this.frames.add(new Frame(StandardCharsets.UTF_8.decode(payload).toString(), true));
		}

		@Override
		protected void handlePongMessage(WebSocketSession session, PongMessage message) {
			GatewayTestClient.this.pongs.add(message.getPayload());
		}

		@Override
		public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
			GatewayTestClient.this.closed.complete(status);
		}

	}

	/**
	 * A frame from the gateway.
	 */
	public record Frame(String text, boolean binary) {

		public JsonNode json() {
			return JSON.readTree(this.text);
		}

		public String topic() {
			return json().path("topic").asString();
		}

		public String messageType() {
			return json().path("messageType").asString();
		}

	}

}
