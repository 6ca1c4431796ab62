package dev.pubsub.benchmarks.replay;

/**
 * The replayed payload as the listener receives it.
 *
 * @param seq the sequence number within a block
 * @param sentNanos always 0 (the replay measures throughput and CPU, not latency)
 */
record ReplayTick(long seq, long sentNanos) {
}
