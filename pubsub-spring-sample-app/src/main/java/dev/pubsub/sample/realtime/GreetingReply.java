package dev.pubsub.sample.realtime;

/**
 * The listener's reply to a {@link Greeting}.
 *
 * @param seq the sequence number replied to
 * @param answer the answer
 */
public record GreetingReply(long seq, String answer) {
}
