package dev.pubsub.benchmarks;

/**
 * What one subscriber achieved in one round.
 *
 * @param round the round number, from 1
 * @param subscriber the subscriber's name
 * @param maxRate received messages per second in the max-rate phase
 * @param lost messages of the max-rate phase that never arrived
 * @param cpuMicrosPerMessage CPU time of the whole process (gateway and publisher included) per message
 * received in the max-rate phase, in microseconds
 * @param receiveCpuMicrosPerMessage CPU time of the receiving threads only ({@link ReceiveSideCpu}) per
 * message received in the max-rate phase, in microseconds
 * @param pacedRate the rate the paced publisher achieved
 * @param latency the paced phase's latency
 * @param pacedLost messages of the paced phase that never arrived
 */
record RoundResult(int round, String subscriber, double maxRate, int lost, double cpuMicrosPerMessage,
		double receiveCpuMicrosPerMessage, double pacedRate,
		LatencyRecorder.Percentiles latency, int pacedLost) {
}
