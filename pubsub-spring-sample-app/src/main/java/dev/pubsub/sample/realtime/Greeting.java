package dev.pubsub.sample.realtime;

/**
 * A greeting published on topic {@code greetings}.
 *
 * @param seq the sequence number
 * @param text the text
 */
public record Greeting(long seq, String text) {
}
