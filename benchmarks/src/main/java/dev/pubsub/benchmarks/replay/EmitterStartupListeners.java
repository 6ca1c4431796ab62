package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * 20 of the startup benchmark's 100 {@code @PubSubListener} methods, for client {@code em} (Emitter), each on
 * its own topic (generated once by a script; the methods only count). Without the starter they are plain beans.
 */
class EmitterStartupListeners {

	@PubSubListener(value = "bench/t0/", client = "em")
	void on0(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t1/", client = "em")
	void on1(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t2/", client = "em")
	void on2(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t3/", client = "em")
	void on3(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t4/", client = "em")
	void on4(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t5/", client = "em")
	void on5(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t6/", client = "em")
	void on6(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t7/", client = "em")
	void on7(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t8/", client = "em")
	void on8(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t9/", client = "em")
	void on9(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t10/", client = "em")
	void on10(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t11/", client = "em")
	void on11(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t12/", client = "em")
	void on12(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t13/", client = "em")
	void on13(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t14/", client = "em")
	void on14(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t15/", client = "em")
	void on15(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t16/", client = "em")
	void on16(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t17/", client = "em")
	void on17(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t18/", client = "em")
	void on18(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench/t19/", client = "em")
	void on19(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

}
