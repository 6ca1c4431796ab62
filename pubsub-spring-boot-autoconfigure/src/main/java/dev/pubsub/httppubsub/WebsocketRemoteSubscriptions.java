package dev.pubsub.httppubsub;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.RemoteSubscriber;
import dev.pubsub.core.support.RemoteSubscriptionRegistry;
import dev.pubsub.core.support.SubscribeOutcome;

/**
 * The websocket transport's side of a {@link RemoteSubscriptionRegistry}: the local patterns are the
 * remote keys (identity mapping; the broadcaster holds exact topics and globs per connection),
 * reference-counted, subscribed in one batch on each configured connection and reconciled as a diff
 * while it lasts. A pattern counts as held once the broadcaster's CONFIRM_SUBSCRIBE came.
 * <p>
 * The protocol has no refusal: lonelypss answers a subscribe it does not accept by closing the
 * socket, so a confirmation that fails or does not come within the request timeout means the
 * connection is broken. During the connect that fails the connect (the client reconnects, as it
 * always did); on a connected socket it is reported to the {@code broken} callback, which closes the
 * connection, and the next connection subscribes the snapshot again.
 */
final class WebsocketRemoteSubscriptions {

	private final RemoteSubscriptionRegistry registry;

	private final Duration timeout;

	/**
	 * Create the adapter.
	 * @param scheduler runs the registry's retries
	 * @param policy the client's reconnect policy, whose delays the retries follow
	 * @param timeout how long a confirmation may take
	 */
	WebsocketRemoteSubscriptions(TaskScheduler scheduler, ReconnectPolicy policy, Duration timeout) {
		this.registry = new RemoteSubscriptionRegistry(scheduler, RemoteSubscriptionRegistry.retryBackOff(policy),
				RemoteSubscriptionRegistry.KeyMapping.identity(), new RemoteSubscriptionRegistry.Listener() {
				});
		this.timeout = timeout;
	}

	void add(String pattern) {
		this.registry.add(pattern);
	}

	void remove(String pattern) {
		this.registry.remove(pattern);
	}

	/**
	 * Start tracking a configured connection: subscribe to every wanted pattern.
	 * @param connection the connection
	 * @param broken told about a subscription change the broadcaster did not confirm after the
	 * snapshot was held (the connection is broken)
	 * @return completed once every pattern of the snapshot is confirmed; exceptionally with the first
	 * failure otherwise
	 */
	CompletableFuture<Void> attach(WebsocketConnection connection, BiConsumer<String, Throwable> broken) {
		Subscriber subscriber = new Subscriber(connection, broken);
		return this.registry.attach(subscriber).thenCompose((ok) -> {
			Throwable failure = subscriber.connectFailure.get();
			if (failure != null) {
				return CompletableFuture.failedFuture(failure);
			}
			subscriber.attached = true;
			return CompletableFuture.completedFuture(null);
		});
	}

	/** Stop tracking the connection (it closed or the client disconnects). */
	void detach() {
		this.registry.detach();
	}

	private final class Subscriber implements RemoteSubscriber {

		private final WebsocketConnection connection;

		private final BiConsumer<String, Throwable> broken;

		private final AtomicReference<@Nullable Throwable> connectFailure = new AtomicReference<>();

		private volatile boolean attached;

		Subscriber(WebsocketConnection connection, BiConsumer<String, Throwable> broken) {
			this.connection = connection;
			this.broken = broken;
		}

		@Override
		public CompletableFuture<SubscribeOutcome> subscribe(List<String> patterns) {
			List<CompletableFuture<Void>> confirmations = new ArrayList<>(patterns.size());
			for (String pattern : patterns) {
				confirmations.add(confirmed(this.connection.subscribe(pattern), "subscribe to '" + pattern + "'"));
			}
			return CompletableFuture.allOf(confirmations.toArray(CompletableFuture[]::new))
				.thenApply((ok) -> SubscribeOutcome.held());
		}

		@Override
		public void unsubscribe(List<String> patterns) {
			for (String pattern : patterns) {
				confirmed(this.connection.unsubscribe(pattern), "unsubscribe from '" + pattern + "'");
			}
		}

		/** The confirmation, bounded by the request timeout, with its failure reported. */
		private CompletableFuture<Void> confirmed(CompletableFuture<Void> confirmation, String what) {
			Duration limit = WebsocketRemoteSubscriptions.this.timeout;
			return confirmation.orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS).handle((ok, ex) -> {
				if (ex == null) {
					return null;
				}
				Throwable cause = Failures.unwrap(ex);
				if (cause instanceof TimeoutException) {
					cause = new PubSubTimeoutException("Broadcaster confirmation to " + what, limit);
				}
				if (this.attached) {
					this.broken.accept(what, cause);
				}
				else {
					this.connectFailure.compareAndSet(null, cause);
				}
				throw (cause instanceof RuntimeException runtime) ? runtime : new IllegalStateException(cause);
			});
		}

	}

}
