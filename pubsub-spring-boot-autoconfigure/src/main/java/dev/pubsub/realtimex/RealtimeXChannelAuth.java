package dev.pubsub.realtimex;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The signature for one private or presence subscription, sent with it exactly as given.
 *
 * @param auth the auth string {@code key:signature}
 * @param channelData the presence channel data JSON string the signature covers, or {@code null}
 */
public record RealtimeXChannelAuth(String auth, @Nullable String channelData) {

	public RealtimeXChannelAuth {
		Assert.hasText(auth, "auth must not be empty");
	}

	@Override
	public String toString() {
		return "RealtimeXChannelAuth[auth=<hidden>, channelData=" + this.channelData + "]";
	}

}
