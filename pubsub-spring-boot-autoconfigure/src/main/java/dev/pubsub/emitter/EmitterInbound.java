package dev.pubsub.emitter;

import java.util.function.Consumer;

import org.eclipse.paho.client.mqttv3.MqttMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.emitter.EmitterSession.Inflight;

/**
 * Decodes what a {@link PahoEmitterClient} receives, on Paho's callback thread, and hands it off
 * without waiting for handlers: deliveries become {@link PubSubMessage}s for the client's
 * subscriptions; {@code emitter/} messages answer broker requests, refuse operations
 * ({@code emitter/error/}) or are presence events for the event handlers. Malformed and unmatched
 * broker messages are counted and reported as errors, their topic sanitized ({@link LogSanitizer}).
 */
final class EmitterInbound {

	private final String clientName;

	private final JsonMapper jsonMapper;

	private final PubSubClientMetrics metrics;

	private final Consumer<PubSubMessage> dispatch;

	private final Consumer<Throwable> reportError;

	private final EmitterWire wire;

	private final EmitterRequests requests;

	private final EmitterEventHandlers events;

	private final EmitterCompletions completions;

	EmitterInbound(String clientName, JsonMapper jsonMapper, PubSubClientMetrics metrics,
			Consumer<PubSubMessage> dispatch, Consumer<Throwable> reportError, EmitterWire wire,
			EmitterRequests requests, EmitterEventHandlers events, EmitterCompletions completions) {
		this.clientName = clientName;
		this.jsonMapper = jsonMapper;
		this.metrics = metrics;
		this.dispatch = dispatch;
		this.reportError = reportError;
		this.wire = wire;
		this.requests = requests;
		this.events = events;
		this.completions = completions;
	}

	/**
	 * Handle one received message.
	 * @param from the session it came on
	 * @param topic its topic
	 * @param message the message
	 */
	void messageArrived(EmitterSession from, String topic, MqttMessage message) {
		if (topic.startsWith(EmitterTopics.REQUEST_PREFIX)) {
			brokerMessage(from, topic, message.getPayload());
			return;
		}
		byte[] payload = message.getPayload();
		PubSubMessage decoded = PubSubMessage.builder(this.clientName, topic, this.jsonMapper)
			.routingKey(topic)
			.payload(payload)
			.contentType(contentType(payload))
			.header(PubSubHeaders.CLIENT, this.clientName)
			.header(PubSubHeaders.TOPIC, topic)
			.header(PubSubHeaders.ROUTING_KEY, topic)
			.header(PahoEmitterClient.RETAINED_HEADER, message.isRetained())
			.build();
		this.dispatch.accept(decoded);
	}

	private static MimeType contentType(byte[] payload) {
		for (byte b : payload) {
			if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
				continue;
			}
			return (b == '{' || b == '[') ? MimeTypeUtils.APPLICATION_JSON : MimeTypeUtils.APPLICATION_OCTET_STREAM;
		}
		return MimeTypeUtils.APPLICATION_OCTET_STREAM;
	}

	private void brokerMessage(EmitterSession from, String topic, byte[] payload) {
		JsonNode node;
		try {
			node = this.jsonMapper.readTree(payload);
		}
		catch (JacksonException ex) {
			node = null;
		}
		if (node == null || !node.isObject()) {
			this.metrics.malformedFrame();
			this.reportError.accept(new PubSubProtocolException("Emitter client '" + this.clientName
					+ "' received a malformed broker message on '" + LogSanitizer.sanitize(topic) + "' ("
					+ payload.length + " bytes, not a JSON object); skipped"));
			return;
		}
		String operation = operationOf(topic);
		int requestId = node.path("req").asInt(0);
		int status = node.path("status").asInt(0);
		if ("error".equals(operation)) {
			brokerError(from, topic, node, requestId);
			return;
		}
		if ("presence".equals(operation) && !node.has("status") && requestId == 0) {
			presenceEvent(node);
			return;
		}
		if (requestId == 0) {
			if (status >= 400) {
				notifyError(new EmitterError(status, node.path("message").asString(""), 0, topic), operation);
			}
			else {
				this.metrics.unmatchedResponse();
				this.reportError.accept(new PubSubProtocolException("Emitter client '" + this.clientName
						+ "' received a response on '" + LogSanitizer.sanitize(topic) + "' without a request id; skipped"));
			}
			return;
		}
		synchronized (this.wire.lock()) {
			if (!this.requests.isPending(requestId)) {
				this.metrics.unmatchedResponse();
				this.reportError.accept(new PubSubProtocolException("Emitter client '" + this.clientName
						+ "' received a response on '" + LogSanitizer.sanitize(topic) + "' for unknown request id "
						+ requestId + "; skipped"));
				return;
			}
			if (status >= 400) {
				EmitterError error = new EmitterError(status, node.path("message").asString(""), requestId, topic);
				this.requests.refuse(requestId, operation, error);
				notifyError(error, operation);
			}
			else {
				this.requests.answer(requestId, node);
			}
		}
	}

	private void brokerError(EmitterSession from, String topic, JsonNode node, int requestId) {
		EmitterError error = new EmitterError(node.path("status").asInt(0), node.path("message").asString(""),
				requestId, topic);
		String operation = "an operation";
		if (requestId != 0) {
			Inflight pending = this.wire.refused(from, requestId);
			if (pending != null) {
				operation = pending.operation();
				this.completions.complete(pending.future(), null, new EmitterRequestException(operation, error));
			}
		}
		notifyError(error, operation);
	}

	private void notifyError(EmitterError error, String operation) {
		this.reportError.accept(new EmitterRequestException(operation, error));
		this.events.error.fire(error);
	}

	private void presenceEvent(JsonNode node) {
		JsonNode who = node.path("who");
		if (!who.isObject() || !node.path("event").isString()) {
			this.metrics.malformedFrame();
			this.reportError.accept(new PubSubProtocolException("Emitter client '" + this.clientName
					+ "' received a presence event without 'event' or 'who'; skipped"));
			return;
		}
		this.events.presence.fire(new EmitterPresenceEvent(node.path("time").asLong(0), node.path("event").asString(),
				node.path("channel").asString(""), EmitterRequests.member(who)));
	}

	private static String operationOf(String topic) {
		int start = EmitterTopics.REQUEST_PREFIX.length();
		int end = topic.indexOf('/', start);
		return (end < 0) ? topic.substring(start) : topic.substring(start, end);
	}

}
