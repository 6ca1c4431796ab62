package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * 20 of the startup benchmark's 100 {@code @PubSubListener} methods, for client {@code ws} (WsRpc), each on
 * its own topic (generated once by a script; the methods only count). Without the starter they are plain beans.
 */
class WsRpcStartupListeners {

	@PubSubListener(value = "t0", client = "ws")
	void on0(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t1", client = "ws")
	void on1(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t2", client = "ws")
	void on2(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t3", client = "ws")
	void on3(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t4", client = "ws")
	void on4(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t5", client = "ws")
	void on5(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t6", client = "ws")
	void on6(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t7", client = "ws")
	void on7(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t8", client = "ws")
	void on8(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t9", client = "ws")
	void on9(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t10", client = "ws")
	void on10(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t11", client = "ws")
	void on11(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t12", client = "ws")
	void on12(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t13", client = "ws")
	void on13(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t14", client = "ws")
	void on14(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t15", client = "ws")
	void on15(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t16", client = "ws")
	void on16(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t17", client = "ws")
	void on17(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t18", client = "ws")
	void on18(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "t19", client = "ws")
	void on19(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

}
