package dev.pubsub.emitter;

import org.jspecify.annotations.Nullable;

/**
 * One connection subscribed to a channel.
 *
 * @param id the connection id
 * @param username the username it connected with, if any
 */
public record EmitterPresenceMember(String id, @Nullable String username) {

}
