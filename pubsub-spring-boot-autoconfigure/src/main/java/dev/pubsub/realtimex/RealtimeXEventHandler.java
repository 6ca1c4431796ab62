package dev.pubsub.realtimex;

/**
 * A callback bound to a channel or connection event. Runs on the client's callback thread, never
 * on a network thread; a handler that throws is logged and does not stop other handlers.
 */
@FunctionalInterface
public interface RealtimeXEventHandler {

	/**
	 * Handle one event.
	 * @param event the event
	 */
	void onEvent(RealtimeXEvent event);

}
