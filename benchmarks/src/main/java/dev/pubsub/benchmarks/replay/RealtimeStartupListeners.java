package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * 20 of the startup benchmark's 100 {@code @PubSubListener} methods, for client {@code rt} (Realtime), each on
 * its own topic (generated once by a script; the methods only count). Without the starter they are plain beans.
 */
class RealtimeStartupListeners {

	@PubSubListener(value = "bench.t0", client = "rt")
	void on0(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t1", client = "rt")
	void on1(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t2", client = "rt")
	void on2(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t3", client = "rt")
	void on3(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t4", client = "rt")
	void on4(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t5", client = "rt")
	void on5(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t6", client = "rt")
	void on6(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t7", client = "rt")
	void on7(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t8", client = "rt")
	void on8(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t9", client = "rt")
	void on9(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t10", client = "rt")
	void on10(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t11", client = "rt")
	void on11(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t12", client = "rt")
	void on12(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t13", client = "rt")
	void on13(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t14", client = "rt")
	void on14(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t15", client = "rt")
	void on15(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t16", client = "rt")
	void on16(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t17", client = "rt")
	void on17(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t18", client = "rt")
	void on18(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench.t19", client = "rt")
	void on19(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

}
