package dev.pubsub.benchmarks.replay;

import dev.pubsub.listener.PubSubListener;

/**
 * The {@code @PubSubListener} beans, one per provider: each converts the payload to a
 * {@link ReplayTick} and counts it on the {@link ReplayMeter#current() current meter}.
 */
final class ReplayListeners {

	private ReplayListeners() {
	}

	/** Realtime: topic {@code bench}, message type {@code tick}. */
	static class Realtime {

		@PubSubListener(value = ReplayTopics.TOPIC + ".*", client = ClientReplaySubscriber.CLIENT)
		void onTick(ReplayTick tick) {
			ReplayMeter.current().hit(tick.sentNanos());
		}

	}

	/** wsrpc: topic {@code bench}. */
	static class WsRpc {

		@PubSubListener(value = ReplayTopics.TOPIC, client = ClientReplaySubscriber.CLIENT)
		void onTick(ReplayTick tick) {
			ReplayMeter.current().hit(tick.sentNanos());
		}

	}

	/** Emitter: channel {@code bench/}. */
	static class Emitter {

		@PubSubListener(value = ReplayTopics.EMITTER_CHANNEL, client = ClientReplaySubscriber.CLIENT)
		void onTick(ReplayTick tick) {
			ReplayMeter.current().hit(tick.sentNanos());
		}

	}

	/** RealtimeX: channel {@code bench}, event {@code tick}. */
	static class RealtimeX {

		@PubSubListener(value = ReplayTopics.TOPIC + ".*", client = ClientReplaySubscriber.CLIENT)
		void onTick(ReplayTick tick) {
			ReplayMeter.current().hit(tick.sentNanos());
		}

	}

	/** httppubsub: topic {@code bench}. */
	static class HttpPubSub {

		@PubSubListener(value = ReplayTopics.TOPIC, client = ClientReplaySubscriber.CLIENT)
		void onTick(ReplayTick tick) {
			ReplayMeter.current().hit(tick.sentNanos());
		}

	}

}
