package dev.pubsub.emitter;

/**
 * A presence change on a channel this client asked to follow ({@code changes: true}).
 *
 * @param time the broker's time, in unix seconds
 * @param event {@code subscribe} or {@code unsubscribe} (a disconnect is an {@code unsubscribe})
 * @param channel the channel
 * @param who the connection that subscribed or unsubscribed
 */
public record EmitterPresenceEvent(long time, String event, String channel, EmitterPresenceMember who) {

}
