package dev.pubsub.benchmarks;

import dev.pubsub.listener.PubSubListener;

/**
 * Scenario B's listener bean in the {@code emitter} benchmark: {@code @PubSubListener} methods that
 * receive the payload converted to a {@link Tick} and record its latency. Both start stopped; the
 * benchmark starts the one that matches the broker's routing: {@code bench/} on an Emitter broker
 * (deliveries on the bare channel), the catch-all {@code #} on Mosquitto (deliveries on the full
 * topic). A negative sequence number is a probe.
 */
class EmitterTickListener {

	static final String CHANNEL_ID = "emitter-bench-channel";

	static final String CATCH_ALL_ID = "emitter-bench-any";

	private volatile LatencyRecorder recorder = new LatencyRecorder(0);

	private volatile boolean probed;

	void recordInto(LatencyRecorder recorder) {
		this.recorder = recorder;
	}

	boolean probed() {
		return this.probed;
	}

	void resetProbe() {
		this.probed = false;
	}

	@PubSubListener(id = CHANNEL_ID, value = EmitterBenchmarkBroker.CHANNEL + "/",
			client = EmitterListenerSubscriber.CLIENT, autoStartup = "false")
	void onTick(Tick tick) {
		record(tick);
	}

	@PubSubListener(id = CATCH_ALL_ID, value = "#", client = EmitterListenerSubscriber.CLIENT, autoStartup = "false")
	void onAnyTick(Tick tick) {
		record(tick);
	}

	private void record(Tick tick) {
		if (tick.seq() < 0) {
			this.probed = true;
			return;
		}
		this.recorder.record(tick.sentNanos());
	}

}
