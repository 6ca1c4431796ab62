package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * 20 of the startup benchmark's 100 {@code @PubSubListener} methods, for client {@code rx} (RealtimeX), each on
 * its own topic (generated once by a script; the methods only count). Without the starter they are plain beans.
 */
class RealtimeXStartupListeners {

	@PubSubListener(value = "bench0.tick", client = "rx")
	void on0(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench1.tick", client = "rx")
	void on1(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench2.tick", client = "rx")
	void on2(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench3.tick", client = "rx")
	void on3(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench4.tick", client = "rx")
	void on4(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench5.tick", client = "rx")
	void on5(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench6.tick", client = "rx")
	void on6(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench7.tick", client = "rx")
	void on7(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench8.tick", client = "rx")
	void on8(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench9.tick", client = "rx")
	void on9(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench10.tick", client = "rx")
	void on10(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench11.tick", client = "rx")
	void on11(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench12.tick", client = "rx")
	void on12(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench13.tick", client = "rx")
	void on13(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench14.tick", client = "rx")
	void on14(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench15.tick", client = "rx")
	void on15(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench16.tick", client = "rx")
	void on16(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench17.tick", client = "rx")
	void on17(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench18.tick", client = "rx")
	void on18(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

	@PubSubListener(value = "bench19.tick", client = "rx")
	void on19(ReplayTick tick) {
		ReplayMeter.current().hit(tick.sentNanos());
	}

}
