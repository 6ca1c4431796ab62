package dev.pubsub.auth;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The body of a successful channel auth response: {@code {"auth": "key:signature"}}, plus
 * {@code "channel_data"} (the exact signed JSON string) for presence channels.
 *
 * @param auth the auth string
 * @param channelData the signed presence channel data, or {@code null} for a private channel
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChannelAuthResponse(String auth, @JsonProperty("channel_data") @Nullable String channelData) {

	@Override
	public String toString() {
		return "ChannelAuthResponse[auth=<hidden>, channelData=" + this.channelData + "]";
	}

}
