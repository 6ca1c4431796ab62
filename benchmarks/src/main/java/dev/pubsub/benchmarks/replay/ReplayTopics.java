package dev.pubsub.benchmarks.replay;

/**
 * Names and payload shared by the replay servers and subscribers.
 */
final class ReplayTopics {

	/** The Realtime topic and wsrpc topic; the Emitter channel is {@code bench/}. */
	static final String TOPIC = "bench";

	/** The Emitter channel deliveries arrive on (Emitter routes on the bare channel). */
	static final String EMITTER_CHANNEL = "bench/";

	/** The Emitter channel key the clients are configured with (the replay broker does not check it). */
	static final String EMITTER_KEY = "replaykey";

	/** The httppubsub HMAC secret both ways (URL-safe base64 of bytes 00..3f; a benchmark, not a secret). */
	static final String HTTPPUBSUB_SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-Pw";

	/** The Realtime application id. */
	static final String APP_ID = "bench";

	private ReplayTopics() {
	}

	/**
	 * The payload for a sequence number, shaped like {@link ReplayTick}.
	 * @param seq the sequence number
	 * @return the JSON text
	 */
	static String payload(int seq) {
		return "{\"seq\":" + seq + ",\"sentNanos\":0}";
	}

}
