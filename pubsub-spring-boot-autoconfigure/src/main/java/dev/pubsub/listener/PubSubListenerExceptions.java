package dev.pubsub.listener;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.MethodArgumentResolutionException;

/**
 * Classifies listener failures for retry decisions: a message that cannot be converted to the
 * method's arguments, or whose {@code @Valid} payload fails validation, fails the same way on every
 * attempt, so it must never be retried.
 */
public final class PubSubListenerExceptions {

	private PubSubListenerExceptions() {
	}

	/**
	 * Whether retrying the listener can never succeed: the failure, or one of its causes, is a
	 * {@link PubSubListenerExecutionFailedException} marked as a
	 * {@linkplain PubSubListenerExecutionFailedException#isConversionFailure() conversion failure},
	 * Spring Messaging's {@link MethodArgumentNotValidException} (failed {@code @Valid}), any other
	 * {@link MethodArgumentResolutionException}, or a {@link MessageConversionException}.
	 * @param failure the failure, possibly {@code null}
	 * @return {@code true} if the failure must not be retried
	 */
	public static boolean isNotRetryable(@Nullable Throwable failure) {
		Throwable current = failure;
		int depth = 0;
		while (current != null && depth++ < 32) {
			if (current instanceof PubSubListenerExecutionFailedException listenerFailure
					&& listenerFailure.isConversionFailure()) {
				return true;
			}
			if (current instanceof MethodArgumentResolutionException
					|| current instanceof MessageConversionException) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

	/**
	 * Return the validation failure among the failure and its causes.
	 * @param failure the failure, possibly {@code null}
	 * @return the {@link MethodArgumentNotValidException}, or {@code null} if the failure is not a
	 * failed {@code @Valid}
	 */
	public static @Nullable MethodArgumentNotValidException findValidationFailure(@Nullable Throwable failure) {
		Throwable current = failure;
		int depth = 0;
		while (current != null && depth++ < 32) {
			if (current instanceof MethodArgumentNotValidException notValid) {
				return notValid;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

}
