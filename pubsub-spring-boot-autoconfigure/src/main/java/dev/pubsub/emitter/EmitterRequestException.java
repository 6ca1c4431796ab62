package dev.pubsub.emitter;

import dev.pubsub.core.PubSubException;

/**
 * The broker refused an operation (status 400 or more).
 */
public class EmitterRequestException extends PubSubException {

	private final EmitterError error;

	public EmitterRequestException(String operation, EmitterError error) {
		super("Emitter refused " + operation + ": status " + error.status() + ", " + error.message());
		this.error = error;
	}

	/**
	 * Return the broker's error.
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

}
