package dev.pubsub.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * Publish to listener throughput and latency through one MQTT broker on loopback, for a bare Paho
 * subscriber (A) and a {@code @PubSubListener} on the Emitter client (B) in the same JVM, with the
 * same bare Paho publisher (QoS 0, as Emitter delivers), measured by {@link BenchmarkHarness}.
 * {@code --broker=embedded} (default) uses the embedded Emitter-compatible broker,
 * {@code --broker=mosquitto} Debian's Mosquitto.
 */
final class EmitterBenchmark {

	private final BenchmarkSettings settings;

	EmitterBenchmark(BenchmarkSettings settings) {
		this.settings = settings;
	}

	void run() throws Exception {
		long started = System.nanoTime();
		List<BenchmarkSubscriber> subscribers = new ArrayList<>();
		PahoTickPublisher publisher = null;
		EmitterBenchmarkBroker broker = EmitterBenchmarkBroker.start(this.settings.broker());
		try {
			String uri = "tcp://127.0.0.1:" + broker.port();
			publisher = PahoTickPublisher.connect(uri, broker.publishTopic());
			BenchmarkHarness harness = new BenchmarkHarness(this.settings, publisher,
					(name) -> name.startsWith("pubsub-") || name.endsWith(BarePahoSubscriber.CLIENT_ID)
							|| name.endsWith(EmitterListenerSubscriber.CLIENT_ID));
			harness.printEnvironment();
			System.out.println("Broker: " + broker.description() + "; publish topic " + broker.publishTopic()
					.replace(broker.key(), "<key>") + ", subscription " + broker.subscriptionTopic()
					.replace(broker.key(), "<key>"));
			if (this.settings.scenarios().contains("A")) {
				subscribers.add(BarePahoSubscriber.connect(uri, broker.subscriptionTopic(), publisher));
			}
			if (this.settings.scenarios().contains("B")) {
				subscribers.add(EmitterListenerSubscriber.start(broker, publisher));
			}
			harness.run(subscribers, started);
			System.out.println("Goal: B within 10% of A (throughput and p99).");
		}
		finally {
			for (BenchmarkSubscriber subscriber : subscribers) {
				subscriber.close();
			}
			if (publisher != null) {
				publisher.close();
			}
			broker.close();
		}
	}

}
