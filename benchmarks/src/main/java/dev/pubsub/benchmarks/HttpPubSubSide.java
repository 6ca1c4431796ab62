package dev.pubsub.benchmarks;

import java.time.Duration;

/**
 * One notifier-plus-subscriber stack measured through the broadcaster: it notifies its own topic
 * and its own subscription receives it.
 */
interface HttpPubSubSide extends AutoCloseable {

	/**
	 * A short name for the result table.
	 * @return the name
	 */
	String name();

	/**
	 * Notify for {@code duration} keeping {@code window} notifies in flight, then wait for the
	 * deliveries.
	 * @param duration how long to start notifies
	 * @param window notifies in flight
	 * @return the outcome
	 * @throws Exception if the side fails
	 */
	HttpPubSubPhase run(Duration duration, int window) throws Exception;

}
