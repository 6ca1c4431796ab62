package dev.pubsub.httppubsub;

/**
 * The outcome of checking an authorization, as the protocol distinguishes it.
 */
public enum AuthResult {

	/** The authorization is valid. */
	OK,

	/** No authorization was given where one is required (HTTP 401). */
	UNAUTHORIZED,

	/** The authorization is wrong, expired or replayed (HTTP 403). */
	FORBIDDEN

}
