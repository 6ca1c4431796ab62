package dev.pubsub.realtimex;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One event delivered to a channel or connection binding.
 *
 * @param channel the channel, or {@code null} for connection events
 * @param event the event name (for example {@code my-event}, {@code client-typing},
 * {@code presence:member_added}, {@code subscription_error})
 * @param data the event data ({@code null} JSON node when there is none)
 */
public record RealtimeXEvent(@Nullable String channel, String event, JsonNode data) {

}
