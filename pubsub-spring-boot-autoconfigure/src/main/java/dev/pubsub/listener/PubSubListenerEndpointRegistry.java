package dev.pubsub.listener;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.support.AbstractPubSubClient;

/**
 * Owns every {@link PubSubListenerContainer}, by unique id. A {@link SmartLifecycle} whose
 * {@linkplain #PHASE phase} places it between Spring Boot's web server graceful shutdown and the
 * clients: on startup clients connect first, then listeners bind; on shutdown the web server first
 * drains its in-flight requests (which may still deliver messages, for example to the httppubsub
 * receive endpoint), then the containers stop, in parallel, each delivering what it has queued
 * within {@code pubsub.listener.shutdown-timeout}, and only then do the clients disconnect.
 * Containers registered after the registry started are started at once (when their auto-startup
 * allows).
 * <p>
 * {@link #pause()} and {@link #resume()} pause and resume every container;
 * {@code getListenerContainer(id).pause()} one of them (see {@link PubSubListenerContainer#pause()}).
 */
public class PubSubListenerEndpointRegistry implements SmartLifecycle, DisposableBean {

	/**
	 * The phase of the registry: {@code SmartLifecycle.DEFAULT_PHASE - 1536}. Lower than Spring
	 * Boot's {@code WebServerGracefulShutdownLifecycle} ({@code DEFAULT_PHASE - 1024}), so it stops
	 * after the web server drained; higher than the clients' {@link AbstractPubSubClient#PHASE}, so it
	 * starts after and stops before them.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

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
		return register(endpoint, factory.createContainer(endpoint, client, errorHandler));
	}

	/**
	 * Create and register the container of an endpoint, using the given method factory unless the
	 * container factory was created with its own.
	 * @param endpoint the endpoint
	 * @param client the client it binds to
	 * @param factory the container factory
	 * @param methodFactory the registrar's method factory
	 * @param errorHandler the error handler
	 * @return the container
	 * @throws IllegalStateException if the id is taken
	 */
	public PubSubListenerContainer registerListenerContainer(PubSubListenerEndpoint endpoint, PubSubClient client,
			PubSubListenerContainerFactory factory, MessageHandlerMethodFactory methodFactory,
			PubSubListenerErrorHandler errorHandler) {
		return register(endpoint, factory.createContainer(endpoint, client, methodFactory, errorHandler));
	}

	private PubSubListenerContainer register(PubSubListenerEndpoint endpoint, PubSubListenerContainer container) {
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

	/**
	 * Pause every container: each keeps its subscription and stops handing messages to its
	 * listener until resumed (see {@link PubSubListenerContainer#pause()}).
	 */
	public void pause() {
		getListenerContainers().forEach(PubSubListenerContainer::pause);
	}

	/**
	 * Resume every container.
	 */
	public void resume() {
		getListenerContainers().forEach(PubSubListenerContainer::resume);
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

	/**
	 * Stop every container and wait until each delivered its queued messages or its shutdown
	 * timeout passed. The containers drain in parallel, so the wait is bounded by the longest
	 * timeout, not their sum.
	 */
	@Override
	public void stop() {
		stopAll().join();
	}

	/**
	 * Stop every container in parallel and run the callback when all are drained or past their
	 * shutdown timeout; the application context's lifecycle processor waits for it (up to
	 * {@code spring.lifecycle.timeout-per-shutdown-phase}).
	 * @param callback run when the containers have stopped
	 */
	@Override
	public void stop(Runnable callback) {
		stopAll().whenComplete((ok, ex) -> callback.run());
	}

	private CompletableFuture<Void> stopAll() {
		this.running = false;
		return CompletableFuture.allOf(getListenerContainers().stream()
			.map(PubSubListenerContainer::stopAsync)
			.toArray(CompletableFuture[]::new));
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
