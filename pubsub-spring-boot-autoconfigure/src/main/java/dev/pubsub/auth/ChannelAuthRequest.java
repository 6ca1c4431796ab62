package dev.pubsub.auth;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * A validated request to join a private or presence channel.
 *
 * @param socketId the socket id the signature is bound to
 * @param channelName the channel name, starting with {@code private-} or {@code presence-}
 * @param principal the authenticated principal ({@link HttpServletRequest#getUserPrincipal()}, which
 * Spring Security fills in and leaves {@code null} for anonymous users), or {@code null}
 * @param servletRequest the HTTP request, for session-based identities
 */
public record ChannelAuthRequest(String socketId, String channelName, @Nullable Principal principal,
		HttpServletRequest servletRequest) {

	/**
	 * Whether the channel is a presence channel.
	 * @return {@code true} for {@code presence-*}
	 */
	public boolean isPresence() {
		return ChannelNames.isPresence(this.channelName);
	}

}
