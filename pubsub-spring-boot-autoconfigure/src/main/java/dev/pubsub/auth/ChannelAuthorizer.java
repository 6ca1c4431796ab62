package dev.pubsub.auth;

/**
 * Decides who may join which private or presence channel, and who they are on a presence
 * channel. The application implements it; the identity must come from the authenticated
 * principal or the server-side session, never from the request body.
 * <p>
 * Without such a bean, {@link AuthenticatedChannelAuthorizer} lets any authenticated principal
 * join any channel under its own name.
 */
@FunctionalInterface
public interface ChannelAuthorizer {

	/**
	 * Decide on one join. Called only after the socket id and channel name passed validation.
	 * @param request the join request
	 * @return the decision
	 */
	ChannelAuthDecision authorize(ChannelAuthRequest request);

}
