package dev.pubsub.emitter;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.support.LogSanitizer;

/**
 * The broker refused an operation (status 400 or more).
 * <p>
 * The exception message quotes the broker's text escaped and capped by {@link LogSanitizer}, since
 * it is logged; the broker's status and raw text stay available from {@link #getStatus()},
 * {@link #getBrokerMessage()} and {@link #getError()}.
 */
public class EmitterRequestException extends PubSubException {

	private final EmitterError error;

	/**
	 * Create an exception.
	 * @param operation what was refused ("subscribe to 'a/b/'")
	 * @param error the broker's error
	 */
	public EmitterRequestException(String operation, EmitterError error) {
		super("Emitter refused " + operation + ": status " + error.status() + ", "
				+ LogSanitizer.sanitize(error.message()));
		this.error = error;
	}

	/**
	 * Return the broker's error, with its raw text.
	 * @return the error
	 */
	public EmitterError getError() {
		return this.error;
	}

	/**
	 * Return the broker's status.
	 * @return the status
	 */
	public int getStatus() {
		return this.error.status();
	}

	/**
	 * Return the broker's raw error text, as received (not escaped: sanitize it before logging).
	 * @return the text
	 */
	public String getBrokerMessage() {
		return this.error.message();
	}

}
