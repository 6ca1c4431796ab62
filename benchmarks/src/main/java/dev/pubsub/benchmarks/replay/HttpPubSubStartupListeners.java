package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * 20 of the startup benchmark's 100 {@code @PubSubListener} methods, for client {@code hp} (HttpPubSub), each on
 * its own topic (generated once by a script; the methods only count). Without the starter they are plain beans.
 */
class HttpPubSubStartupListeners {

	@PubSubListener(value = "t0", client = "hp")
	void on0(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t1", client = "hp")
	void on1(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t2", client = "hp")
	void on2(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t3", client = "hp")
	void on3(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t4", client = "hp")
	void on4(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t5", client = "hp")
	void on5(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t6", client = "hp")
	void on6(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t7", client = "hp")
	void on7(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t8", client = "hp")
	void on8(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t9", client = "hp")
	void on9(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t10", client = "hp")
	void on10(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t11", client = "hp")
	void on11(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t12", client = "hp")
	void on12(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t13", client = "hp")
	void on13(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t14", client = "hp")
	void on14(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t15", client = "hp")
	void on15(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t16", client = "hp")
	void on16(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t17", client = "hp")
	void on17(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t18", client = "hp")
	void on18(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t19", client = "hp")
	void on19(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

}
