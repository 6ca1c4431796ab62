package dev.pubsub.listener;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessage;

/**
 * Wraps each delivery of a message to a listener method, for cross-cutting concerns such as
 * Micrometer observations ({@code dev.pubsub.listener.observation.ObservationPubSubListenerObserver}).
 * One delivery covers the invocation with all its retries, the error handler and the recoverer,
 * and runs on the listener's thread. This type has no Micrometer types, so listeners work without
 * Micrometer on the class path.
 */
@FunctionalInterface
public interface PubSubListenerObserver {

	/** Observes nothing. */
	PubSubListenerObserver NONE = (endpoint, client, message) -> Delivery.NONE;

	/**
	 * Start observing one delivery, on the listener's thread.
	 * @param endpoint the listener's endpoint
	 * @param client the client the message came from
	 * @param message the message
	 * @return the delivery, closed on the same thread when the delivery ends
	 */
	Delivery start(PubSubListenerEndpoint endpoint, PubSubClient client, PubSubMessage message);

	/**
	 * One observed delivery.
	 */
	interface Delivery extends AutoCloseable {

		/** A delivery that records nothing. */
		Delivery NONE = new Delivery() {

			@Override
			public void error(Throwable error) {
			}

			@Override
			public void close() {
			}

		};

		/**
		 * Record that the delivery failed for good (after its retries).
		 * @param error the last failure
		 */
		void error(Throwable error);

		/**
		 * End the delivery.
		 */
		@Override
		void close();

	}

}
