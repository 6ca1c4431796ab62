package dev.pubsub.realtimex;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.PubSubClientMetrics;

/**
 * Runs the bindings of a {@link DefaultRealtimeXClient}: channel bindings and connection bindings
 * ({@code client.bind(...)}) on one callback thread per client, in arrival order. A channel
 * binding is resolved when its callback runs and skipped when the session or the channel it
 * arrived on was replaced meanwhile. A failing handler is counted and logged; the next one runs.
 */
final class RealtimeXCallbacks {

	private final String clientName;

	private final ExecutorService executor;

	private final PubSubClientMetrics metrics;

	private final Log logger;

	private final EventBindings connectionBindings = new EventBindings();

	RealtimeXCallbacks(String clientName, ExecutorService executor, PubSubClientMetrics metrics, Log logger) {
		this.clientName = clientName;
		this.executor = executor;
		this.metrics = metrics;
		this.logger = logger;
	}

	EventBindings connectionBindings() {
		return this.connectionBindings;
	}

	/**
	 * Run the channel's handlers of an event on the callback thread.
	 * @param channel the channel
	 * @param event the event name
	 * @param data the event data
	 * @param stillCurrent checked on the callback thread: {@code false} skips the handlers
	 */
	void emitChannel(DefaultRealtimeXChannel channel, String event, JsonNode data, BooleanSupplier stillCurrent) {
		RealtimeXEvent payload = new RealtimeXEvent(channel.name(), event, data);
		run(() -> {
			if (!stillCurrent.getAsBoolean()) {
				return;
			}
			for (RealtimeXEventHandler handler : channel.handlersFor(event)) {
				invoke(handler, payload);
			}
		});
	}

	/**
	 * Run the connection bindings of an event on the callback thread.
	 * @param event the event name
	 * @param data the event data
	 */
	void emitConnection(String event, JsonNode data) {
		List<RealtimeXEventHandler> handlers = this.connectionBindings.handlersFor(event);
		if (handlers.isEmpty()) {
			return;
		}
		RealtimeXEvent payload = new RealtimeXEvent(null, event, data);
		run(() -> {
			for (RealtimeXEventHandler handler : handlers) {
				invoke(handler, payload);
			}
		});
	}

	/**
	 * Run the connection bindings of a client's connection event (named by its lower-case type), with
	 * the event's details and, when it has a cause, its message as {@code error}.
	 * @param event the connection event
	 * @param jsonMapper converts the details
	 */
	void emitConnection(ConnectionEvent event, JsonMapper jsonMapper) {
		Map<String, Object> data = new LinkedHashMap<>(event.details());
		Throwable cause = event.cause();
		if (cause != null) {
			data.put("error", String.valueOf(cause.getMessage()));
		}
		emitConnection(event.type().name().toLowerCase(Locale.ROOT), jsonMapper.valueToTree(data));
	}

	void shutdown() {
		this.executor.shutdown();
	}

	private void run(Runnable callback) {
		try {
			this.executor.execute(callback);
		}
		catch (RejectedExecutionException ex) {
			this.logger.debug("Client '" + this.clientName + "' is shut down; callback dropped");
		}
	}

	private void invoke(RealtimeXEventHandler handler, RealtimeXEvent event) {
		try {
			handler.onEvent(event);
		}
		catch (RuntimeException ex) {
			this.metrics.listenerError();
			this.logger.error("Binding for '" + event.event() + "' on client '" + this.clientName + "' failed", ex);
		}
	}

}
