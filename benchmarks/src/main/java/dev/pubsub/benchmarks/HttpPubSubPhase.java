package dev.pubsub.benchmarks;

/**
 * What one side achieved in one phase: notifies sent for the phase's duration with a fixed number
 * in flight, deliveries to the subscriber, and the notify-to-subscriber latency.
 *
 * @param sent notifies started
 * @param received deliveries recorded by the subscriber
 * @param failed notifies that failed or reached other than exactly one subscriber
 * @param elapsedNanos from the phase's start to the last delivery
 * @param latency from just before the notify to the subscriber's method or iterator, in nanoseconds
 */
record HttpPubSubPhase(int sent, int received, int failed, long elapsedNanos, LatencyRecorder.Percentiles latency) {

	/**
	 * Deliveries per second, from the phase's start to the last delivery.
	 * @return the rate
	 */
	double rate() {
		return (this.elapsedNanos > 0) ? this.received * 1e9 / this.elapsedNanos : 0;
	}

	/**
	 * Notifies that neither failed nor were delivered.
	 * @return the count
	 */
	int lost() {
		return this.sent - this.failed - this.received;
	}

}
