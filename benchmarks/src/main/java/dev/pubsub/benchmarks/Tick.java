package dev.pubsub.benchmarks;

/**
 * The benchmark payload as the listener receives it.
 *
 * @param seq the sequence number within a phase
 * @param sentNanos the publisher's {@link System#nanoTime()} just before the write
 */
record Tick(long seq, long sentNanos) {
}
