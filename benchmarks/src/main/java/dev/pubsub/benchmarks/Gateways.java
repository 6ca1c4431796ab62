package dev.pubsub.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

/**
 * Waits for the gateway's view of the benchmark topic.
 */
final class Gateways {

	private Gateways() {
	}

	static void awaitSubscribers(EmbeddedRealtimeGateway gateway, int count, Duration timeout)
			throws InterruptedException, TimeoutException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (gateway.subscribers(TickPublisher.TOPIC).size() != count) {
			if (System.nanoTime() - deadline > 0) {
				throw new TimeoutException("Gateway did not reach " + count + " subscriber(s) of '"
						+ TickPublisher.TOPIC + "' within " + timeout);
			}
			Thread.sleep(5);
		}
	}

}
