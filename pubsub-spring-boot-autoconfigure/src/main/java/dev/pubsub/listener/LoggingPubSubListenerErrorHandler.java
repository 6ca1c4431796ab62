package dev.pubsub.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubMessage;

/**
 * The default error handler: logs the listener, client, routing key and the exception types, with
 * the stack trace at DEBUG. For conversion failures the exception messages are left out, because
 * parsers quote the payload in them; for exceptions thrown by the listener itself the message of
 * the innermost cause is logged. Failures are counted by the container in the client's
 * {@link dev.pubsub.core.PubSubClientMetrics#listenerErrors()}.
 */
public class LoggingPubSubListenerErrorHandler implements PubSubListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingPubSubListenerErrorHandler.class);

	@Override
	public @Nullable Object handleError(PubSubMessage message, PubSubListenerExecutionFailedException exception) {
		String causes = causeChain(exception.getCause());
		if (exception.isConversionFailure()) {
			logger.error(exception.getMessage() + "; not retried [" + causes + "]");
		}
		else {
			Throwable root = exception.getCause();
			while (root != null && root.getCause() != null) {
				root = root.getCause();
			}
			String detail = (root != null && root.getMessage() != null) ? ": " + root.getMessage() : "";
			logger.error(exception.getMessage() + " [" + causes + "]" + detail);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Stack trace of the failure of listener '" + exception.getListenerId() + "'", exception);
		}
		return null;
	}

	private static String causeChain(@Nullable Throwable cause) {
		StringBuilder builder = new StringBuilder();
		Throwable current = cause;
		int depth = 0;
		while (current != null && depth++ < 8) {
			builder.append((builder.length() > 0) ? " <- " : "").append(current.getClass().getName());
			current = current.getCause();
		}
		return builder.toString();
	}

}
