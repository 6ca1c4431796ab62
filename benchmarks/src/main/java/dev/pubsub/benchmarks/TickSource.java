package dev.pubsub.benchmarks;

/**
 * What the benchmark harness publishes through: one tick per call, each payload carrying its
 * sequence number and the {@link System#nanoTime()} taken just before the write.
 */
interface TickSource {

	/**
	 * Write one tick; only ever called from the benchmark's driving thread.
	 * @param run a prefix that keeps message ids unique across phases
	 * @param seq the sequence number
	 * @throws Exception if the write fails
	 */
	void publish(String run, long seq) throws Exception;

}
