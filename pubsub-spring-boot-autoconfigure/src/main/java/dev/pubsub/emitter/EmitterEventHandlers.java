package dev.pubsub.emitter;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.support.OrderedDispatcher;

/**
 * The Emitter event handlers of a {@link PahoEmitterClient} (presence, keygen, link, me, error) and
 * the one ordered dispatcher they run on, so that no handler runs on Paho's threads or the
 * completion thread. At most {@link #CAPACITY} events wait; more are dropped and counted.
 */
final class EmitterEventHandlers {

	/** How many events may wait for the handlers. */
	static final int CAPACITY = 10_000;

	final Handlers<EmitterPresenceEvent> presence = new Handlers<>();

	final Handlers<EmitterKey> keygen = new Handlers<>();

	final Handlers<EmitterLink> link = new Handlers<>();

	final Handlers<EmitterMe> me = new Handlers<>();

	final Handlers<EmitterError> error = new Handlers<>();

	private final String clientName;

	private final PubSubClientMetrics metrics;

	private final Log logger;

	private final OrderedDispatcher<Runnable> dispatcher;

	EmitterEventHandlers(String clientName, PubSubClientMetrics metrics, Log logger) {
		this.clientName = clientName;
		this.metrics = metrics;
		this.logger = logger;
		this.dispatcher = new OrderedDispatcher<>("pubsub-" + clientName + "-emitter-events", 1, CAPACITY,
				OverflowPolicy.DROP_NEWEST, (task) -> "events", Runnable::run, (task) -> metrics.messageDropped(),
				(task) -> metrics.messageDiscardedOnShutdown());
	}

	/**
	 * Stop the dispatcher, letting queued events run for up to a second.
	 */
	void shutdown() {
		this.dispatcher.shutdown(Duration.ofSeconds(1)).join();
	}

	/**
	 * The handlers of one kind of event.
	 *
	 * @param <T> the event type
	 */
	final class Handlers<T> {

		private final List<Consumer<T>> handlers = new CopyOnWriteArrayList<>();

		/**
		 * Add a handler.
		 * @param handler the handler
		 * @return removes it again
		 */
		HandlerRegistration add(Consumer<T> handler) {
			this.handlers.add(handler);
			return () -> this.handlers.remove(handler);
		}

		/**
		 * Hand an event that came from the broker to every handler; a failing handler is counted as
		 * a listener error and logged.
		 * @param event the event
		 */
		void fire(T event) {
			for (Consumer<T> handler : this.handlers) {
				EmitterEventHandlers.this.dispatcher.dispatch(() -> {
					try {
						handler.accept(event);
					}
					catch (RuntimeException ex) {
						EmitterEventHandlers.this.metrics.listenerError();
						EmitterEventHandlers.this.logger.error("Emitter event handler of client '"
								+ EmitterEventHandlers.this.clientName + "' failed", ex);
					}
				});
			}
		}

		/**
		 * Hand the result of a request this client made to every handler.
		 * @param result the result
		 */
		void deliver(T result) {
			for (Consumer<T> handler : this.handlers) {
				EmitterEventHandlers.this.dispatcher.dispatch(() -> handler.accept(result));
			}
		}

	}

}
