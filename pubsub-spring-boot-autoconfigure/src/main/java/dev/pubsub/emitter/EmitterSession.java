package dev.pubsub.emitter;

import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttException;

import dev.pubsub.core.PubSubConnectionLostException;

/**
 * One MQTT connection of a {@link PahoEmitterClient}: the Paho client, the {@link WireOrder} of its
 * callback thread, and whether it is ready (restored) for new operations. Closing it fails the
 * operations whose acceptance still waited for messages received ahead of their acknowledgement.
 */
final class EmitterSession {

	private final MqttAsyncClient paho;

	private final WireOrder<Inflight> order;

	private final String clientName;

	private final Log logger;

	private final EmitterCompletions completions;

	private volatile boolean ready;

	EmitterSession(MqttAsyncClient paho, String clientName, Log logger, EmitterCompletions completions) {
		this.paho = paho;
		this.clientName = clientName;
		this.logger = logger;
		this.completions = completions;
		this.order = new WireOrder<>(() -> PahoCallbackQueues.queuedMessages(paho));
	}

	MqttAsyncClient paho() {
		return this.paho;
	}

	WireOrder<Inflight> order() {
		return this.order;
	}

	boolean isReady() {
		return this.ready;
	}

	void setReady(boolean ready) {
		this.ready = ready;
	}

	/**
	 * Close the connection and fail what it held back.
	 */
	void close() {
		this.ready = false;
		try {
			if (this.paho.isConnected()) {
				this.paho.disconnectForcibly(0, 200, true);
			}
		}
		catch (MqttException ex) {
			this.logger.debug("Error while disconnecting Emitter client '" + this.clientName + "'", ex);
		}
		try {
			this.paho.close(true);
		}
		catch (MqttException ex) {
			this.logger.debug("Error while closing Emitter client '" + this.clientName + "'", ex);
		}
		for (Inflight pending : this.order.abandon()) {
			this.completions.fail(pending.future(), new PubSubConnectionLostException("Emitter connection of client '"
					+ this.clientName + "' closed before the messages received ahead of the acknowledgement of "
					+ pending.operation() + " were read, so a refusal cannot be ruled out"));
		}
	}

	/**
	 * A publish, subscribe or unsubscribe sent and not yet accepted or refused.
	 *
	 * @param operation what it is, for messages ("publish to 'a/b/'")
	 * @param future completed when it is accepted or refused
	 */
	record Inflight(String operation, CompletableFuture<?> future) {
	}

}
