package dev.pubsub.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.support.AbstractPubSubClient;

/**
 * Owns every {@link PubSubListenerContainer}, by unique id. A {@link SmartLifecycle} in a phase
 * after the clients': clients connect first, then listeners bind; on shutdown listeners unbind
 * before clients disconnect. Containers registered after the registry started are started at once
 * (when their auto-startup allows).
 */
public class PubSubListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

	/** The phase of the registry: after the clients. */
	public static final int PHASE = AbstractPubSubClient.PHASE + 1000;

	private final Map<String, PubSubListenerContainer> containers = new LinkedHashMap<>();

	private volatile boolean running;

	/**
	 * Create and register the container of an endpoint.
	 * @param endpoint the endpoint
	 * @param client the client it binds to
	 * @param factory the container factory
	 * @param errorHandler the error handler
	 * @return the container
	 * @throws IllegalStateException if the id is taken
	 */
	public PubSubListenerContainer registerListenerContainer(PubSubListenerEndpoint endpoint, PubSubClient client,
			PubSubListenerContainerFactory factory, PubSubListenerErrorHandler errorHandler) {
		PubSubListenerContainer container = factory.createContainer(endpoint, client, errorHandler);
		synchronized (this.containers) {
			PubSubListenerContainer existing = this.containers.get(endpoint.id());
			if (existing != null) {
				throw new IllegalStateException("Another @PubSubListener is already registered with id '"
						+ endpoint.id() + "' (" + existing.getEndpoint().methodDescription() + "); ids must be unique");
			}
			this.containers.put(endpoint.id(), container);
		}
		if (this.running && container.isAutoStartup()) {
			container.start();
		}
		return container;
	}

	/**
	 * Return a container by id.
	 * @param id the id
	 * @return the container, or {@code null}
	 */
	public @Nullable PubSubListenerContainer getListenerContainer(String id) {
		synchronized (this.containers) {
			return this.containers.get(id);
		}
	}

	/**
	 * Return the ids of all containers.
	 * @return the ids
	 */
	public Set<String> getListenerContainerIds() {
		synchronized (this.containers) {
			return Set.copyOf(this.containers.keySet());
		}
	}

	/**
	 * Return all containers.
	 * @return the containers
	 */
	public Collection<PubSubListenerContainer> getListenerContainers() {
		synchronized (this.containers) {
			return new ArrayList<>(this.containers.values());
		}
	}

	@Override
	public void start() {
		for (PubSubListenerContainer container : getListenerContainers()) {
			if (container.isAutoStartup()) {
				container.start();
			}
		}
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		getListenerContainers().forEach(PubSubListenerContainer::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void destroy() {
		stop();
	}

}
