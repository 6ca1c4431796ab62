package dev.pubsub.auth;

import org.springframework.http.HttpStatus;

/**
 * A channel auth request that cannot be answered with a signature: malformed (400), not
 * authenticated (401) or refused (403). The message is safe to return to the caller.
 */
public class ChannelAuthException extends RuntimeException {

	private final HttpStatus status;

	/**
	 * Create an exception.
	 * @param status the HTTP status to answer with
	 * @param message a message safe to show the caller
	 */
	public ChannelAuthException(HttpStatus status, String message) {
		super(message);
		this.status = status;
	}

	public HttpStatus status() {
		return this.status;
	}

}
