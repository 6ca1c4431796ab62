package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * The startup benchmark's 100 {@code @PubSubListener} methods, 20 per client, each on its own topic
 * (generated once by a script; the methods only count). Without the starter they are plain beans.
 */
final class StartupListeners {

	private StartupListeners() {
	}

	/** Realtime: client {@code rt}. */
	static class Realtime {

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

	/** WsRpc: client {@code ws}. */
	static class WsRpc {

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

	/** Emitter: client {@code em}. */
	static class Emitter {

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

	/** RealtimeX: client {@code rx}. */
	static class RealtimeX {

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

	/** HttpPubSub: client {@code hp}. */
	static class HttpPubSub {

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

}
