package dev.pubsub.wsrpc;

import java.util.concurrent.CompletionException;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.support.Failures;

/**
 * Maps the server's boolean publish result to a {@link PublishReceipt} (a {@code false} becomes a
 * {@link RefusedPublishException}, so an observed publish records the refusal as its error) and, for
 * the boolean-returning multi-topic publish, back again.
 */
final class WsRpcPublishResults {

	private WsRpcPublishResults() {
	}

	/**
	 * The receipt of an accepted publish.
	 * @throws RefusedPublishException if the server answered {@code false}
	 */
	static PublishReceipt receipt(boolean accepted, String client, String destination) {
		if (!accepted) {
			throw new RefusedPublishException(client, destination);
		}
		return PublishReceipt.acknowledged(client, destination, null);
	}

	/**
	 * The boolean result again: {@code true} for a receipt, {@code false} for a refusal; any other
	 * failure is rethrown.
	 */
	static boolean accepted(@Nullable PublishReceipt receipt, @Nullable Throwable failure) {
		if (failure == null) {
			return true;
		}
		Throwable cause = Failures.unwrap(failure);
		if (cause instanceof RefusedPublishException) {
			return false;
		}
		throw (cause instanceof CompletionException completion) ? completion : new CompletionException(cause);
	}

	/** The server answered a publish with {@code false}. */
	static final class RefusedPublishException extends PubSubException {

		RefusedPublishException(String client, String destination) {
			super("Server of client '" + client + "' refused the publish to '" + destination
					+ "' (result false: a channel restriction or a server error)");
		}

	}

}
