package dev.pubsub.benchmarks;

import java.util.ArrayList;
import java.util.List;

import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;

/**
 * Publish to subscriber throughput and latency through one embedded Realtime gateway on loopback,
 * for a bare WebSocket subscriber (A) and a {@code @PubSubListener} (B) in the same JVM, with the
 * same publisher, measured by {@link BenchmarkHarness}.
 */
final class RealtimeBenchmark {

	private final BenchmarkSettings settings;

	RealtimeBenchmark(BenchmarkSettings settings) {
		this.settings = settings;
	}

	void run() throws Exception {
		long started = System.nanoTime();
		EmbeddedRealtimeGateway gateway = EmbeddedRealtimeGateway.builder().recordedFrames(0).presence(false).start();
		List<BenchmarkSubscriber> subscribers = new ArrayList<>();
		TickPublisher publisher = null;
		try {
			publisher = TickPublisher.connect(
					gateway.connectUrl(gateway.tokens().mint("bench-publisher", JwtTestTokens.ALL_TOPICS)));
			BenchmarkHarness harness = new BenchmarkHarness(this.settings, publisher,
					(name) -> name.startsWith("WebSocketClient-AsyncIO-") || name.startsWith("pubsub-"));
			harness.printEnvironment();
			if (this.settings.scenarios().contains("A")) {
				subscribers.add(BareWebSocketSubscriber.connect(gateway,
						gateway.tokens().mint("bench-bare", JwtTestTokens.ALL_TOPICS)));
			}
			if (this.settings.scenarios().contains("B")) {
				subscribers.add(ListenerSubscriber.start(gateway,
						gateway.tokens().mint("bench-listener", JwtTestTokens.ALL_TOPICS)));
			}
			harness.run(subscribers, started);
			System.out.println("Goal: B p99 at the paced rate below 2 ms.");
		}
		finally {
			for (BenchmarkSubscriber subscriber : subscribers) {
				subscriber.close();
			}
			if (publisher != null) {
				publisher.close();
			}
			gateway.stop();
		}
	}

}
