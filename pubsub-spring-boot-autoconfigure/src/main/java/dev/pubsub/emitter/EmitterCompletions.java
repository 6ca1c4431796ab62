package dev.pubsub.emitter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;

import org.eclipse.paho.client.mqttv3.MqttException;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.support.Failures;

/**
 * Completes the futures of one {@link PahoEmitterClient} on its completion thread, never on one of
 * Paho's threads, and turns Paho's failures into {@link PubSubException}s. Once the thread is shut
 * down, futures complete on the calling thread.
 */
final class EmitterCompletions {

	private final String clientName;

	private final ExecutorService executor;

	EmitterCompletions(String clientName, ExecutorService executor) {
		this.clientName = clientName;
		this.executor = executor;
	}

	/**
	 * Return the completion thread, for continuations handed to users.
	 * @return the executor
	 */
	ExecutorService executor() {
		return this.executor;
	}

	/**
	 * Complete a future on the completion thread.
	 * @param <T> the value type
	 * @param future the future
	 * @param value the value when {@code failure} is {@code null}
	 * @param failure the failure (unwrapped first), or {@code null} for success
	 */
	<T> void complete(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable failure) {
		try {
			this.executor.execute(() -> completeNow(future, value, failure));
		}
		catch (RejectedExecutionException ex) {
			completeNow(future, value, failure);
		}
	}

	/**
	 * Fail a future on the completion thread.
	 * @param future the future
	 * @param failure the failure
	 */
	void fail(CompletableFuture<?> future, Throwable failure) {
		complete(future, null, failure);
	}

	/**
	 * Relay the outcome of a future on the completion thread: its value mapped, its failure unwrapped.
	 * @param <T> the value type
	 * @param <R> the result type
	 * @param future the future
	 * @param onValue maps the value (on the completion thread)
	 * @param onFailure runs before the failure is relayed
	 * @return the relaying future
	 */
	<T, R> CompletableFuture<R> relay(CompletableFuture<T> future, Function<? super T, ? extends R> onValue,
			Runnable onFailure) {
		return future.handleAsync((value, ex) -> {
			if (ex != null) {
				onFailure.run();
				throw new CompletionException(Failures.unwrap(ex));
			}
			return onValue.apply(value);
		}, this.executor);
	}

	/**
	 * Translate a Paho failure: a lost, timed-out or closed connection becomes a
	 * {@link PubSubConnectionLostException}, anything else a {@link PubSubException}.
	 * @param operation what failed, for the message
	 * @param ex the failure
	 * @return the exception to report
	 */
	PubSubException translate(String operation, Throwable ex) {
		if (ex instanceof PubSubException pubSub) {
			return pubSub;
		}
		String message = "Emitter " + operation + " failed on client '" + this.clientName + "': " + ex.getMessage();
		// CLIENT_TIMEOUT: the keep-alive found the broker silent, and Paho dropped the connection
		if (ex instanceof MqttException mqtt && (mqtt.getReasonCode() == MqttException.REASON_CODE_CONNECTION_LOST
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_TIMEOUT
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_NOT_CONNECTED
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_DISCONNECTING
				|| mqtt.getReasonCode() == MqttException.REASON_CODE_CLIENT_CLOSED)) {
			return new PubSubConnectionLostException(message, ex);
		}
		return new PubSubException(message, ex);
	}

	/**
	 * Stop the completion thread; later completions run on the calling thread.
	 */
	void shutdown() {
		this.executor.shutdown();
	}

	private static <T> void completeNow(CompletableFuture<T> future, @Nullable T value, @Nullable Throwable failure) {
		if (failure != null) {
			future.completeExceptionally(Failures.unwrap(failure));
		}
		else {
			future.complete(value);
		}
	}

}
