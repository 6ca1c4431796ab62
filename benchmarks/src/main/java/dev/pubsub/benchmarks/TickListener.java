package dev.pubsub.benchmarks;

import dev.pubsub.listener.PubSubListener;

/**
 * Scenario B's listener bean: a {@code @PubSubListener} method that receives the payload converted
 * to a {@link Tick} record and records its latency. It starts stopped; the benchmark starts and stops
 * its container around each phase.
 */
class TickListener {

	static final String ID = "bench-listener";

	private volatile LatencyRecorder recorder = new LatencyRecorder(0);

	void recordInto(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	@PubSubListener(id = ID, value = TickPublisher.TOPIC + ".*", client = ListenerSubscriber.CLIENT,
			autoStartup = "false")
	void onTick(Tick tick) {
		this.recorder.record(tick.sentNanos());
	}

}
