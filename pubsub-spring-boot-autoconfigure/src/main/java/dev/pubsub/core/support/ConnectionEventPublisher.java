package dev.pubsub.core.support;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionListener;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubConnectionApplicationEvent;

/**
 * Publishes the connection events of one client, on the client's event thread: to its
 * {@link ConnectionListener}s and, when set, as Spring application events. At most
 * {@value #MAX_PENDING_ERROR_EVENTS} {@code ERROR} events wait for the event thread
 * at once; more are dropped, counted exactly and logged rate-limited. Other event types are never
 * dropped: their number is bounded by the connection's state changes.
 */
final class ConnectionEventPublisher {

	/** How many {@code ERROR} events may wait for the event thread at once; the client facade publishes it. */
	static final int MAX_PENDING_ERROR_EVENTS = 1_000;

	private final PubSubClient source;

	private final String clientName;

	private final Log logger;

	private final Supplier<ConnectionState> state;

	private final Executor eventExecutor;

	private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();

	private final AtomicInteger pendingErrorEvents = new AtomicInteger();

	private final AtomicLong droppedErrorEvents = new AtomicLong();

	private final RateLimitedLog droppedErrorEventsLog;

	private volatile @Nullable ApplicationEventPublisher applicationEventPublisher;

	/**
	 * Create a publisher.
	 * @param source the client, the source of the application events
	 * @param clientName the client's name
	 * @param logger the client's logger
	 * @param state the client's current state, recorded in each event
	 * @param eventExecutor the client's single event thread
	 */
	ConnectionEventPublisher(PubSubClient source, String clientName, Log logger, Supplier<ConnectionState> state,
			Executor eventExecutor) {
		this.source = source;
		this.clientName = clientName;
		this.logger = logger;
		this.state = state;
		this.eventExecutor = eventExecutor;
		this.droppedErrorEventsLog = new RateLimitedLog(logger);
	}

	void setApplicationEventPublisher(ApplicationEventPublisher publisher) {
		this.applicationEventPublisher = publisher;
	}

	/**
	 * Publish a provider's own application event, once the context set its publisher.
	 * @param event the event
	 */
	void publishApplicationEvent(Object event) {
		ApplicationEventPublisher publisher = this.applicationEventPublisher;
		if (publisher != null) {
			publisher.publishEvent(event);
		}
	}

	void addListener(ConnectionListener listener) {
		this.listeners.add(listener);
	}

	void removeListener(ConnectionListener listener) {
		this.listeners.remove(listener);
	}

	long droppedErrorEvents() {
		return this.droppedErrorEvents.get();
	}

	/**
	 * Queue an event for the event thread, or drop it (counted) when it is an {@code ERROR} event and
	 * too many already wait.
	 * @param type the type
	 * @param attempt the attempt number
	 * @param cause the cause
	 * @param details the details
	 */
	void fire(ConnectionEventType type, int attempt, @Nullable Throwable cause, Map<String, Object> details) {
		boolean error = (type == ConnectionEventType.ERROR);
		if (error && this.pendingErrorEvents.incrementAndGet() > MAX_PENDING_ERROR_EVENTS) {
			this.pendingErrorEvents.decrementAndGet();
			long dropped = this.droppedErrorEvents.incrementAndGet();
			this.droppedErrorEventsLog.warn(() -> "Client '" + this.clientName
					+ "' dropped an ERROR connection event: " + MAX_PENDING_ERROR_EVENTS
					+ " are waiting for slow connection listeners (" + dropped + " dropped so far)");
			return;
		}
		ConnectionEvent event = ConnectionEvent.of(this.clientName, type, this.state.get(), attempt, cause, details);
		try {
			this.eventExecutor.execute(() -> {
				try {
					deliver(event);
				}
				finally {
					if (error) {
						this.pendingErrorEvents.decrementAndGet();
					}
				}
			});
		}
		catch (RejectedExecutionException ex) {
			if (error) {
				this.pendingErrorEvents.decrementAndGet();
			}
			this.logger.debug("Client '" + this.clientName + "' is shut down; event " + type + " not delivered");
		}
	}

	private void deliver(ConnectionEvent event) {
		for (ConnectionListener listener : this.listeners) {
			try {
				listener.onConnectionEvent(event);
			}
			catch (RuntimeException ex) {
				this.logger.warn("Connection listener of client '" + this.clientName + "' failed", ex);
			}
		}
		ApplicationEventPublisher publisher = this.applicationEventPublisher;
		if (publisher != null) {
			try {
				publisher.publishEvent(new PubSubConnectionApplicationEvent(this.source, event));
			}
			catch (RuntimeException ex) {
				this.logger.warn("Application event listener failed for client '" + this.clientName + "'", ex);
			}
		}
	}

}
