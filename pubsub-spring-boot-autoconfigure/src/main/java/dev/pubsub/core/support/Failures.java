package dev.pubsub.core.support;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import dev.pubsub.core.PubSubAuthenticationException;

/**
 * The one place that unwraps the failures of futures and tells an authentication failure from
 * others, for every provider: a {@link CompletionException} or {@link ExecutionException} is only a
 * wrapper around what actually failed, and a refused credential must not be retried the way a
 * dropped connection is.
 */
public final class Failures {

	private Failures() {
	}

	/**
	 * Return the failure inside {@link CompletionException} and {@link ExecutionException} wrappers.
	 * @param ex the failure as a future reported it
	 * @return the innermost failure that is not such a wrapper (or the last wrapper, when it has no
	 * cause)
	 */
	public static Throwable unwrap(Throwable ex) {
		Throwable cause = ex;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	/**
	 * Return whether a failure, or any of its causes, says the server refused the credentials: a
	 * {@link PubSubAuthenticationException}, or a WebSocket handshake the server answered with HTTP 401
	 * or 403 (the JSR-356 client reports the status only in its message, as {@code [401]}).
	 * @param ex the failure
	 * @return {@code true} for an authentication failure
	 */
	public static boolean isAuthenticationFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof PubSubAuthenticationException) {
				return true;
			}
			String message = cause.getMessage();
			if (message != null && (message.contains("[401]") || message.contains("[403]"))) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

}
