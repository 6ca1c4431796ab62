package dev.pubsub.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;

import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

/**
 * Scenario A, the baseline: a bare Spring {@link StandardWebSocketClient} session that subscribes
 * with a hand-written frame and, on its read thread, parses each delivery with Jackson and reads
 * the send timestamp. No client, no dispatcher, no listener machinery.
 */
final class BareWebSocketSubscriber extends TextWebSocketHandler implements BenchmarkSubscriber {

	private static final String SUBSCRIBE = "{\"type\":\"subscribe\",\"data\":{\"topic\":\"" + TickPublisher.TOPIC
			+ "\"}}";

	private static final String UNSUBSCRIBE = "{\"type\":\"unsubscribe\",\"data\":{\"topic\":\""
			+ TickPublisher.TOPIC + "\"}}";

	private final EmbeddedRealtimeGateway gateway;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private volatile LatencyRecorder recorder = new LatencyRecorder(0);

	private volatile WebSocketSession session;

	private BareWebSocketSubscriber(EmbeddedRealtimeGateway gateway) {
		this.gateway = gateway;
	}

	static BareWebSocketSubscriber connect(EmbeddedRealtimeGateway gateway, String token) throws Exception {
		BareWebSocketSubscriber subscriber = new BareWebSocketSubscriber(gateway);
		subscriber.session = new StandardWebSocketClient()
			.execute(subscriber, new WebSocketHttpHeaders(), URI.create(gateway.connectUrl(token)))
			.get(10, TimeUnit.SECONDS);
		return subscriber;
	}

	@Override
	public String name() {
		return "A bare WebSocket";
	}

	@Override
	public void recordInto(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	@Override
	protected void handleTextMessage(WebSocketSession session, TextMessage message) {
		JsonNode frame = this.jsonMapper.readTree(message.getPayload());
		JsonNode topic = frame.get("topic");
		if (topic == null || !TickPublisher.TOPIC.equals(topic.asString())) {
			return;
		}
		this.recorder.record(frame.get("data").get("payload").get("sentNanos").asLong());
	}

	@Override
	public void start() throws Exception {
		this.session.sendMessage(new TextMessage(SUBSCRIBE));
		Gateways.awaitSubscribers(this.gateway, 1, Duration.ofSeconds(10));
	}

	@Override
	public void stop() throws Exception {
		this.session.sendMessage(new TextMessage(UNSUBSCRIBE));
		Gateways.awaitSubscribers(this.gateway, 0, Duration.ofSeconds(10));
	}

	@Override
	public void close() throws Exception {
		this.session.close();
	}

}
