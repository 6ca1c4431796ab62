package dev.pubsub.benchmarks;

import dev.pubsub.listener.PubSubListener;

/**
 * Side A's listener bean: a {@code @PubSubListener} on the exact topic {@value #TOPIC} that receives
 * the payload converted to a {@link Tick} and records its latency into the current phase's recorder.
 */
class HttpPubSubTickListener {

	static final String CLIENT = "bench";

	static final String TOPIC = "bench/java";

	private static final LatencyRecorder IDLE = new LatencyRecorder(0);

	private volatile LatencyRecorder recorder = IDLE;

	void recordInto(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	void idle() {
		this.recorder = IDLE;
	}

	@PubSubListener(value = TOPIC, client = CLIENT)
	void onTick(Tick tick) {
		this.recorder.record(tick.sentNanos());
	}

}
