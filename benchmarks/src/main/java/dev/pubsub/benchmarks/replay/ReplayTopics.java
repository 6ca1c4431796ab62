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
		return payload(seq, 0);
	}

	/**
	 * The payload with a send timestamp, its value right-aligned in {@value #NANOS_WIDTH} characters
	 * (leading spaces are JSON whitespace), so a replay server can stamp a pre-encoded frame in place.
	 * @param seq the sequence number
	 * @param sentNanos {@code System.nanoTime()} at send (the same monotonic clock in every process on
	 * the host), 0 for none
	 * @return the JSON text
	 */
	static String payload(int seq, long sentNanos) {
		return "{\"seq\":" + seq + ",\"sentNanos\":" + String.format("%" + NANOS_WIDTH + "d", sentNanos) + "}";
	}

	/** Characters reserved for the {@code sentNanos} value. */
	static final int NANOS_WIDTH = 19;

}
