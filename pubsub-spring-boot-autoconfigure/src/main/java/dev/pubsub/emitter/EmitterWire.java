package dev.pubsub.emitter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.emitter.EmitterSession.Inflight;

/**
 * The current {@link EmitterSession} of a {@link PahoEmitterClient} and the MQTT operations sent on
 * it (publishes, subscribes, unsubscribes), with the in-flight map that matches their
 * acknowledgements and {@code emitter/error/} refusals to them by packet id.
 * <p>
 * Every send, every switch of the session and every match of an answer hold its one
 * {@linkplain #lock() lock}, so an answer is matched only after the send registered it under the
 * packet id Paho chose. The other parts of the client that send or match (queued publishes,
 * broker requests, remote subscriptions) take the same lock.
 */
final class EmitterWire {

	private final Object lock = new Object();

	private final Map<Integer, Inflight> inflight = new ConcurrentHashMap<>();

	private final String clientName;

	private final PubSubClientMetrics metrics;

	private final ScheduledExecutorService scheduler;

	private final Duration timeout;

	private final EmitterCompletions completions;

	private @Nullable EmitterSession session;

	EmitterWire(String clientName, PubSubClientMetrics metrics, ScheduledExecutorService scheduler, Duration timeout,
			EmitterCompletions completions) {
		this.clientName = clientName;
		this.metrics = metrics;
		this.scheduler = scheduler;
		this.timeout = timeout;
		this.completions = completions;
	}

	/**
	 * Return the send lock.
	 * @return the lock
	 */
	Object lock() {
		return this.lock;
	}

	/**
	 * Return the current session, ready or not.
	 * @return the session or {@code null}
	 */
	@Nullable EmitterSession session() {
		synchronized (this.lock) {
			return this.session;
		}
	}

	/**
	 * Return the current session if it is ready for new operations.
	 * @return the session or {@code null}
	 */
	@Nullable EmitterSession readySession() {
		synchronized (this.lock) {
			EmitterSession current = this.session;
			return (current != null && current.isReady()) ? current : null;
		}
	}

	/**
	 * Make a session the current one.
	 * @param newSession the session
	 */
	void attach(EmitterSession newSession) {
		synchronized (this.lock) {
			this.session = newSession;
		}
	}

	/**
	 * Forget the current session and close it.
	 */
	void closeSession() {
		EmitterSession previous;
		synchronized (this.lock) {
			previous = this.session;
			this.session = null;
		}
		if (previous != null) {
			previous.close();
		}
	}

	/**
	 * Send a SUBSCRIBE.
	 * @param target the session
	 * @param topic the subscription topic with its options
	 * @param channel the channel, for messages
	 * @return completed when the broker granted it, failed with an {@link EmitterRequestException}
	 * when it refused
	 */
	CompletableFuture<Void> subscribe(EmitterSession target, String topic, String channel) {
		CompletableFuture<Void> granted = new CompletableFuture<>();
		Inflight pending = new Inflight("subscribe to '" + channel + "'", granted);
		synchronized (this.lock) {
			try {
				IMqttToken token = target.paho().subscribe(topic, 0, null, new IMqttActionListener() {

					@Override
					public void onSuccess(IMqttToken asyncActionToken) {
						int[] qos = asyncActionToken.getGrantedQos();
						acknowledged(target, asyncActionToken.getMessageId(), pending, () -> {
							if (qos.length > 0 && qos[0] == 0x80) {
								EmitterError error = new EmitterError(401,
										"the broker refused the subscription (SUBACK 0x80)",
										asyncActionToken.getMessageId(), EmitterTopics.ERROR_TOPIC);
								granted.completeExceptionally(
										new EmitterRequestException("subscribe to '" + channel + "'", error));
							}
							else {
								granted.complete(null);
							}
						});
					}

					@Override
					public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
						EmitterWire.this.inflight.remove(asyncActionToken.getMessageId(), pending);
						granted.completeExceptionally(EmitterWire.this.completions.translate("subscribe", ex));
					}

				});
				this.inflight.put(token.getMessageId(), pending);
			}
			catch (MqttException ex) {
				granted.completeExceptionally(this.completions.translate("subscribe", ex));
			}
		}
		return granted;
	}

	/**
	 * Send an UNSUBSCRIBE (the caller holds the lock).
	 * @param target the session
	 * @param topic the subscription topic
	 * @return completed when the broker acknowledged it
	 */
	CompletableFuture<Void> unsubscribe(EmitterSession target, String topic) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		try {
			target.paho().unsubscribe(topic, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken asyncActionToken) {
					done.complete(null);
				}

				@Override
				public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
					done.completeExceptionally(EmitterWire.this.completions.translate("unsubscribe", ex));
				}

			});
		}
		catch (MqttException ex) {
			done.completeExceptionally(this.completions.translate("unsubscribe", ex));
		}
		return done;
	}

	/**
	 * Send a PUBLISH; a QoS 1 publish is accepted on its PUBACK unless the broker refused it first,
	 * and times out after the client's default timeout.
	 * @param target the session
	 * @param topic the topic
	 * @param payload the payload
	 * @param qos 0 or 1
	 * @param retain the retain flag
	 * @param channel the channel, for the receipt and messages
	 * @return the receipt
	 */
	CompletableFuture<PublishReceipt> publish(EmitterSession target, String topic, byte[] payload, int qos,
			boolean retain, String channel) {
		CompletableFuture<PublishReceipt> future = new CompletableFuture<>();
		MqttMessage message = new MqttMessage(payload);
		message.setQos(qos);
		message.setRetained(retain);
		Inflight pending = new Inflight("publish to '" + channel + "'", future);
		synchronized (this.lock) {
			try {
				IMqttDeliveryToken token = target.paho().publish(topic, message, null, new IMqttActionListener() {

					@Override
					public void onSuccess(IMqttToken asyncActionToken) {
						if (qos == 0) {
							published(future, PublishReceipt.written(EmitterWire.this.clientName, channel, null));
							return;
						}
						int packetId = asyncActionToken.getMessageId();
						acknowledged(target, packetId, pending, () -> published(future,
								PublishReceipt.acknowledged(EmitterWire.this.clientName, channel,
										Integer.toString(packetId))));
					}

					@Override
					public void onFailure(IMqttToken asyncActionToken, Throwable ex) {
						if (qos > 0) {
							EmitterWire.this.inflight.remove(asyncActionToken.getMessageId(), pending);
						}
						EmitterWire.this.completions.complete(future, null,
								EmitterWire.this.completions.translate("publish to '" + channel + "'", ex));
					}

				});
				if (qos > 0) {
					this.inflight.put(token.getMessageId(), pending);
					scheduleTimeout(future, "PUBACK of publish to '" + channel + "'");
				}
			}
			catch (MqttException ex) {
				future.completeExceptionally(this.completions.translate("publish to '" + channel + "'", ex));
			}
		}
		return future;
	}

	private void published(CompletableFuture<PublishReceipt> future, PublishReceipt receipt) {
		this.metrics.messagePublished();
		this.completions.complete(future, receipt, null);
	}

	/**
	 * A QoS 1 publish or a subscribe was acknowledged (on Paho's callback thread): accept it once the
	 * messages received before its acknowledgement were handled, since an {@code emitter/error/}
	 * message among them refuses it (see {@link WireOrder}).
	 */
	private void acknowledged(EmitterSession target, int packetId, Inflight pending, Runnable accept) {
		boolean owned;
		synchronized (this.lock) {
			// the lock orders this after the send registered the operation
			owned = this.inflight.remove(packetId, pending);
		}
		if (owned) {
			target.order().acknowledged(packetId, pending, accept);
		}
		// otherwise an error or the connection loss already failed it
	}

	/**
	 * Take the operation an {@code emitter/error/} message refuses.
	 * @param from the session the error came on
	 * @param packetId the packet id the error names
	 * @return the operation, or {@code null} if none waits under that id
	 */
	@Nullable Inflight refused(EmitterSession from, int packetId) {
		// an acknowledged operation waiting for this message is older than one that reuses its packet id
		Inflight pending = from.order().takeHeld(packetId);
		if (pending == null) {
			synchronized (this.lock) {
				pending = this.inflight.remove(packetId);
			}
		}
		return pending;
	}

	/**
	 * Fail every operation that waits for its acknowledgement.
	 * @param cause why the connection was lost
	 */
	void failAll(Throwable cause) {
		for (Integer id : List.copyOf(this.inflight.keySet())) {
			Inflight pending = this.inflight.remove(id);
			if (pending != null) {
				this.completions.fail(pending.future(), new PubSubConnectionLostException("Connection of Emitter client '"
						+ this.clientName + "' was lost before the broker acknowledged " + pending.operation(), cause));
			}
		}
	}

	private void scheduleTimeout(CompletableFuture<?> future, String what) {
		this.scheduler.schedule(() -> {
			if (!future.isDone()) {
				this.completions.complete(future, null, new PubSubTimeoutException(what, this.timeout));
			}
		}, this.timeout.toMillis(), TimeUnit.MILLISECONDS);
	}

}
