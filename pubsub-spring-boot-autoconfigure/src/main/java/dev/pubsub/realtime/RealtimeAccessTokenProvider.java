package dev.pubsub.realtime;

/**
 * Supplies the access token (JWT) for a Realtime connection. Asked again before every connection
 * attempt, so short-lived tokens can be refreshed on each reconnect.
 */
@FunctionalInterface
public interface RealtimeAccessTokenProvider {

	/**
	 * Return a valid access token.
	 * @return the token
	 */
	String accessToken();

}
