package dev.pubsub.benchmarks;

/**
 * One way of receiving the benchmark's ticks: subscribed between {@link #start()} and
 * {@link #stop()}, recording each tick into the current {@link LatencyRecorder}.
 */
interface BenchmarkSubscriber extends AutoCloseable {

	/**
	 * A short name for the result table.
	 * @return the name
	 */
	String name();

	/**
	 * Set the recorder of the next phase.
	 * @param recorder the recorder
	 */
	void recordInto(LatencyRecorder recorder);

	/**
	 * Subscribe and wait until the gateway routes the benchmark topic to this subscriber.
	 * @throws Exception if that fails
	 */
	void start() throws Exception;

	/**
	 * Unsubscribe and wait until the gateway no longer routes the topic here.
	 * @throws Exception if that fails
	 */
	void stop() throws Exception;

}
