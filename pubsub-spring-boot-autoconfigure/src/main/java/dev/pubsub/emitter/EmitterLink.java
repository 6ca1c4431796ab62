package dev.pubsub.emitter;

/**
 * A link: a short name (1-2 alphanumerics) standing for a key and channel on one connection.
 *
 * @param name the link name, usable with {@link EmitterClient#publishWithLink}
 * @param channel the channel with its options, as the broker confirmed it
 */
public record EmitterLink(String name, String channel) {

}
