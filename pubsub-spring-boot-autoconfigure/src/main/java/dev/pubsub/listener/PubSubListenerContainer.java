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
 * client's {@code discardedOnShutdown} metric and logged once.
 * <p>
 * {@link #pause() Pausing} keeps the subscription (nothing is unsubscribed, locally or remotely)
 * and stops the container's threads from taking messages: messages that arrive meanwhile queue up
 * in order, at most {@code queue-capacity} per thread (plus the one each thread holds), and beyond
 * that the overflow policy applies ({@code BLOCK} then holds the client's reading thread, which is
 * back-pressure on the connection). {@link #resume() Resuming} delivers them in order. A paused
 * container that is stopped still delivers what it holds within the shutdown timeout, and starts
 * paused again.
 */
public class PubSubListenerContainer {

	private final PubSubListenerEndpoint endpoint;

	private final PubSubClient client;

	private final PubSubListenerMessageHandler handler;

	private final SubscribeOptions options;

	private final boolean autoStartup;

	private @Nullable Subscription subscription;

	private @Nullable PausableMessageHandler gate;

	private volatile boolean paused;

	PubSubListenerContainer(PubSubListenerEndpoint endpoint, PubSubClient client, PubSubListenerMessageHandler handler,
			SubscribeOptions options, boolean autoStartup) {
		this.endpoint = endpoint;
		this.client = client;
		this.handler = handler;
		this.options = options;
		this.autoStartup = autoStartup;
	}

	/**
	 * Return the container's id, the listener id.
	 * @return the id
	 */
	public String getId() {
		return this.endpoint.id();
	}

	/**
	 * Return the endpoint the container binds.
	 * @return the endpoint
	 */
	public PubSubListenerEndpoint getEndpoint() {
		return this.endpoint;
	}

	/**
	 * Return the client the container subscribes on.
	 * @return the client
	 */
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

	/**
	 * Whether the container starts with the registry.
	 * @return the auto-startup flag
	 */
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
		PausableMessageHandler newGate = new PausableMessageHandler(this.handler, this.paused);
		this.subscription = this.client.subscribe(this.endpoint.patterns(), newGate, this.options);
		this.gate = newGate;
	}

	/**
	 * Stop handing messages to the listener without unsubscribing: arriving messages queue up (up to
	 * the queue capacity, then the overflow policy applies) until {@link #resume()}. Also effective
	 * before the container starts: it then starts paused. Idempotent.
	 */
	public synchronized void pause() {
		this.paused = true;
		if (this.gate != null) {
			this.gate.setPaused(true);
		}
	}

	/**
	 * Hand the queued messages, in order, and new ones to the listener again. Idempotent.
	 */
	public synchronized void resume() {
		this.paused = false;
		if (this.gate != null) {
			this.gate.setPaused(false);
		}
	}

	/**
	 * Whether the container was paused (and not resumed since).
	 * @return {@code true} while paused
	 */
	public boolean isPaused() {
		return this.paused;
	}

	/**
	 * Return the number of the container's threads that took a message and hold it because the
	 * container is paused.
	 * @return the number of held messages, one at most per thread
	 */
	synchronized int heldWhilePaused() {
		return (this.gate != null) ? this.gate.waiting() : 0;
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
		PausableMessageHandler currentGate = this.gate;
		this.subscription = null;
		this.gate = null;
		if (current == null) {
			return CompletableFuture.completedFuture(0);
		}
		CompletableFuture<Integer> stopped = current.stop(this.options.shutdownTimeout());
		if (currentGate != null) {
			// stopping never silently loses what a paused container holds: let it drain
			currentGate.setPaused(false);
		}
		return stopped;
	}

	/**
	 * Whether the container is subscribed (paused or not).
	 * @return {@code true} between start and stop
	 */
	public synchronized boolean isRunning() {
		return this.subscription != null;
	}

}
