package dev.pubsub.emitter;

import java.util.List;

/**
 * The answer to a presence request with {@code status} on: who is subscribed to a channel.
 *
 * @param time the broker's time, in unix seconds
 * @param channel the channel
 * @param who the subscribed connections (empty when the request asked for no status)
 */
public record EmitterPresenceStatus(long time, String channel, List<EmitterPresenceMember> who) {

	public EmitterPresenceStatus {
		who = List.copyOf(who);
	}

}
