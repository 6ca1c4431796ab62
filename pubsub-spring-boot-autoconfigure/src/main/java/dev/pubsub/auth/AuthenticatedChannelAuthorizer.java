package dev.pubsub.auth;

/**
 * The default {@link ChannelAuthorizer}: any authenticated principal may join any private or
 * presence channel, under {@link java.security.Principal#getName()} as its presence user id;
 * unauthenticated callers get 401. Declare your own bean to restrict channels or add user info.
 */
public class AuthenticatedChannelAuthorizer implements ChannelAuthorizer {

	@Override
	public ChannelAuthDecision authorize(ChannelAuthRequest request) {
		return (request.principal() != null) ? ChannelAuthDecision.allow() : ChannelAuthDecision.unauthenticated();
	}

}
