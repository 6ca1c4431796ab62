package dev.pubsub.realtimex;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

/**
 * Handlers bound by event name, for a channel ({@link DefaultRealtimeXChannel}) or for the
 * connection ({@link DefaultRealtimeXClient#bind}): the bind/unbind semantics of
 * {@link RealtimeXChannel#bind} in one place. Thread-safe; handlers of one event keep their
 * binding order.
 */
final class EventBindings {

	private final Map<String, List<RealtimeXEventHandler>> handlers = new ConcurrentHashMap<>();

	/**
	 * Bind a handler to an event.
	 * @param event the event name
	 * @param handler the handler
	 */
	void bind(String event, RealtimeXEventHandler handler) {
		this.handlers.computeIfAbsent(event, (key) -> new CopyOnWriteArrayList<>()).add(handler);
	}

	/**
	 * Unbind one handler, or every handler of the event when {@code handler} is {@code null}.
	 * @param event the event name
	 * @param handler the handler or {@code null}
	 */
	void unbind(String event, @Nullable RealtimeXEventHandler handler) {
		if (handler == null) {
			this.handlers.remove(event);
			return;
		}
		List<RealtimeXEventHandler> bound = this.handlers.get(event);
		if (bound != null) {
			bound.remove(handler);
		}
	}

	/**
	 * Return the handlers of an event, in binding order.
	 * @param event the event name
	 * @return the handlers, possibly empty
	 */
	List<RealtimeXEventHandler> handlersFor(String event) {
		return this.handlers.getOrDefault(event, List.of());
	}

}
