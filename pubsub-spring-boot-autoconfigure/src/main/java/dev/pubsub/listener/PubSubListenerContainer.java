package dev.pubsub.listener;

import java.util.ArrayList;
import java.util.List;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

/**
 * Binds one {@link PubSubListenerEndpoint} to its client while running: one client subscription
 * per pattern, all feeding the endpoint's handler.
 */
public class PubSubListenerContainer {

	private final PubSubListenerEndpoint endpoint;

	private final PubSubClient client;

	private final PubSubListenerMessageHandler handler;

	private final SubscribeOptions options;

	private final boolean autoStartup;

	private final List<Subscription> subscriptions = new ArrayList<>();

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

	public boolean isAutoStartup() {
		return this.autoStartup;
	}

	/**
	 * Subscribe every pattern on the client. Idempotent.
	 */
	public synchronized void start() {
		if (!this.subscriptions.isEmpty()) {
			return;
		}
		for (String pattern : this.endpoint.patterns()) {
			this.subscriptions.add(this.client.subscribe(pattern, this.handler, this.options));
		}
	}

	/**
	 * Cancel the subscriptions. Idempotent.
	 */
	public synchronized void stop() {
		this.subscriptions.forEach(Subscription::cancel);
		this.subscriptions.clear();
	}

	public synchronized boolean isRunning() {
		return !this.subscriptions.isEmpty();
	}

}
