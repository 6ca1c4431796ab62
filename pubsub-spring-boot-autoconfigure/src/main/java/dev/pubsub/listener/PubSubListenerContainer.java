package dev.pubsub.listener;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

/**
 * Binds one {@link PubSubListenerEndpoint} to its client while running, as ONE client subscription
 * over all of the endpoint's patterns: one set of handler threads ({@code concurrency}, however
 * many patterns), one ordered dispatch, and one combined matcher, so a message that matches several
 * of the patterns is delivered to the method once.
 * <p>
 * Stopping never interrupts the method: messages already queued are still delivered within the
 * {@linkplain SubscribeOptions#shutdownTimeout() shutdown timeout}
 * ({@code pubsub.listener.shutdown-timeout}); what is left then is discarded, counted in the
 * client's {@code discardedOnShutdown} metric and logged once. A message waiting for its next retry
 * attempt goes to the recoverer at once.
 */
public class PubSubListenerContainer {

	private final PubSubListenerEndpoint endpoint;

	private final PubSubClient client;

	private final PubSubListenerMessageHandler handler;

	private final SubscribeOptions options;

	private final boolean autoStartup;

	private @Nullable Subscription subscription;

	PubSubListenerContainer(PubSubListenerEndpoint endpoint, PubSubClient client, PubSubListenerMessageHandler handler,
			SubscribeOptions options, boolean autoStartup) {
		this.endpoint = endpoint;
		this.client = client;
		this.handler = handler;
		this.options = options;
		this.autoStartup = autoStartup;
	}

	public String getId() {
		return this.endpoint.id();
	}

	public PubSubListenerEndpoint getEndpoint() {
		return this.endpoint;
	}

	public PubSubClient getClient() {
		return this.client;
	}

	/**
	 * Return the dispatch options of the container's subscription.
	 * @return the options
	 */
	public SubscribeOptions getSubscribeOptions() {
		return this.options;
	}

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Subscribe the endpoint's patterns on the client, as one subscription. Idempotent.
	 */
	public synchronized void start() {
		if (this.subscription != null) {
			return;
		}
		this.handler.retry().started();
		this.subscription = this.client.subscribe(this.endpoint.patterns(), this.handler, this.options);
	}

	/**
	 * Stop and wait until the queued messages were delivered or the shutdown timeout passed.
	 * Idempotent.
	 */
	public void stop() {
		stopAsync().join();
	}

	/**
	 * Stop without waiting: no new message is queued; queued messages are still delivered within the
	 * shutdown timeout, then the rest is discarded, counted and logged once. The method is never
	 * interrupted. Idempotent.
	 * @return a future completed when the queued messages were delivered or the timeout passed, with
	 * the number of messages discarded
	 */
	public synchronized CompletableFuture<Integer> stopAsync() {
		Subscription current = this.subscription;
		this.subscription = null;
		this.handler.retry().stopping();
		if (current == null) {
			return CompletableFuture.completedFuture(0);
		}
		return current.stop(this.options.shutdownTimeout());
	}

	public synchronized boolean isRunning() {
		return this.subscription != null;
	}

}
