package dev.pubsub.emitter;

import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttToken;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * Paho's callback for one {@link EmitterSession}: runs on Paho's threads, so it only hands each
 * message to {@link EmitterInbound} and counts it for the session's {@link WireOrder}. When the
 * current session drops, it first handles what Paho had received but not yet handed over
 * ({@link PahoCallbackQueues}), then reports the loss to the client. A message it cannot handle
 * is counted as malformed and logged, rate-limited, with its topic sanitized.
 */
final class EmitterSessionCallback implements MqttCallbackExtended {

	private final EmitterSession owner;

	private final String clientName;

	private final EmitterWire wire;

	private final EmitterInbound inbound;

	private final Consumer<Throwable> connectionLost;

	private final PubSubClientMetrics metrics;

	private final Log logger;

	private final RateLimitedLog unhandled;

	EmitterSessionCallback(EmitterSession owner, String clientName, EmitterWire wire, EmitterInbound inbound,
			Consumer<Throwable> connectionLost, PubSubClientMetrics metrics, Log logger) {
		this.owner = owner;
		this.clientName = clientName;
		this.wire = wire;
		this.inbound = inbound;
		this.connectionLost = connectionLost;
		this.metrics = metrics;
		this.logger = logger;
		this.unhandled = new RateLimitedLog(logger);
	}

	@Override
	public void connectComplete(boolean reconnect, String serverURI) {
	}

	@Override
	public void connectionLost(Throwable cause) {
		synchronized (this.wire.lock()) {
			if (this.wire.session() != this.owner) {
				return;
			}
			this.owner.setReady(false);
		}
		handleLeftovers();
		this.connectionLost.accept(new PubSubConnectionLostException(
				"Emitter connection of client '" + this.clientName + "' was lost", cause));
	}

	private void handleLeftovers() {
		PahoCallbackQueues.Leftovers leftovers = PahoCallbackQueues.drain(this.owner.paho());
		for (MqttPublish publish : leftovers.messages()) {
			messageArrived(publish.getTopicName(), publish.getMessage());
		}
		for (MqttToken token : leftovers.completions()) {
			IMqttActionListener listener = token.getActionCallback();
			if (listener == null) {
				continue;
			}
			try {
				if (token.getException() == null) {
					listener.onSuccess(token);
				}
				else {
					listener.onFailure(token, token.getException());
				}
			}
			catch (RuntimeException ex) {
				this.logger.debug("Completion of a dropped operation failed", ex);
			}
		}
		// every message this connection received has been handled now
		this.owner.order().acceptAll();
	}

	@Override
	public void messageArrived(String topic, MqttMessage message) {
		try {
			this.inbound.messageArrived(this.owner, topic, message);
		}
		catch (RuntimeException ex) {
			this.metrics.malformedFrame();
			this.unhandled.warn(() -> "Emitter client '" + this.clientName + "' could not handle a message on '"
					+ LogSanitizer.sanitize(topic) + "'", ex);
		}
		finally {
			this.owner.order().messageHandled();
		}
	}

	@Override
	public void deliveryComplete(IMqttDeliveryToken token) {
	}

}
