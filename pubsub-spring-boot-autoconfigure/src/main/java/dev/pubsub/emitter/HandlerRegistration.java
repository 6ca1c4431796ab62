package dev.pubsub.emitter;

/**
 * Removes a handler added to an {@link EmitterClient}.
 */
@FunctionalInterface
public interface HandlerRegistration {

	/**
	 * Remove the handler; later events are not delivered to it.
	 */
	void remove();

}
