package dev.pubsub.realtimex;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.auth.ChannelNames;

/**
 * Signs subscriptions locally, for a trusted service that holds the application secret itself.
 * On presence channels it joins as the configured user.
 */
public class SigningRealtimeXAuthorizer implements RealtimeXAuthorizer {

	private final ChannelAuthSigner signer;

	private final @Nullable String channelData;

	/**
	 * Create an authorizer.
	 * @param signer the signer
	 * @param userId the presence user id, or {@code null} if this client joins no presence channel
	 * @param userInfo the presence user info
	 * @param jsonMapper the mapper that serialises the channel data once
	 */
	public SigningRealtimeXAuthorizer(ChannelAuthSigner signer, @Nullable String userId, Map<String, ?> userInfo,
			JsonMapper jsonMapper) {
		this.signer = signer;
		if (userId != null) {
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("user_id", userId);
			if (!userInfo.isEmpty()) {
				data.put("user_info", userInfo);
			}
			this.channelData = jsonMapper.writeValueAsString(data);
		}
		else {
			this.channelData = null;
		}
	}

	@Override
	public CompletableFuture<RealtimeXChannelAuth> authorize(String channelName, String socketId) {
		if (!ChannelNames.isPresence(channelName)) {
			return CompletableFuture.completedFuture(
					new RealtimeXChannelAuth(this.signer.sign(socketId, channelName, null), null));
		}
		if (this.channelData == null) {
			return CompletableFuture.failedFuture(new RealtimeXSubscriptionException(channelName,
					"No presence user id configured for presence channel '" + channelName + "'"));
		}
		return CompletableFuture.completedFuture(new RealtimeXChannelAuth(
				this.signer.sign(socketId, channelName, this.channelData), this.channelData));
	}

}
