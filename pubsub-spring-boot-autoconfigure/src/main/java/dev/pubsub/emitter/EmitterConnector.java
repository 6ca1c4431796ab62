package dev.pubsub.emitter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.support.Failures;

/**
 * Opens the Paho sessions of a {@link PahoEmitterClient} (Paho's own reconnect is off; the client's
 * reconnect policy drives each attempt) and restores each new one before it is ready: in order,
 * every remote subscription (subscriptions added meanwhile are sent at once), link and presence
 * follow, then the publishes queued while it was away. A session that does not restore within
 * {@code connect-timeout} is closed and the attempt fails.
 */
final class EmitterConnector {

	private final String clientName;

	private final EmitterClientSettings settings;

	private final EmitterWire wire;

	private final EmitterCompletions completions;

	private final EmitterRemoteSubscriptions subscriptions;

	private final EmitterRequests requests;

	private final EmitterPublisher publisher;

	private final Function<EmitterSession, MqttCallbackExtended> callbacks;

	private final Function<MqttAsyncClient, EmitterSession> sessions;

	private final InboundPacketGuard packetGuard;

	EmitterConnector(String clientName, EmitterClientSettings settings, InboundPacketGuard packetGuard,
			EmitterWire wire,
			EmitterCompletions completions, EmitterRemoteSubscriptions subscriptions, EmitterRequests requests,
			EmitterPublisher publisher, Function<MqttAsyncClient, EmitterSession> sessions,
			Function<EmitterSession, MqttCallbackExtended> callbacks) {
		this.clientName = clientName;
		this.settings = settings;
		this.packetGuard = packetGuard;
		this.wire = wire;
		this.completions = completions;
		this.subscriptions = subscriptions;
		this.requests = requests;
		this.publisher = publisher;
		this.sessions = sessions;
		this.callbacks = callbacks;
	}

	/**
	 * Close the current session, open a new one and restore it.
	 * @return completed when the new session is ready
	 */
	CompletableFuture<Void> connect() {
		this.wire.closeSession();
		CompletableFuture<Void> result = new CompletableFuture<>();
		MqttAsyncClient paho;
		try {
			String clientId = (this.settings.clientId() != null) ? this.settings.clientId()
					: MqttAsyncClient.generateClientId();
			paho = new MqttAsyncClient(this.settings.serverUri(), clientId, new MemoryPersistence());
		}
		catch (MqttException ex) {
			return CompletableFuture.failedFuture(this.completions.translate("connect", ex));
		}
		EmitterSession newSession = this.sessions.apply(paho);
		paho.setCallback(this.callbacks.apply(newSession));
		MqttConnectOptions options = new MqttConnectOptions();
		options.setCleanSession(true);
		options.setAutomaticReconnect(false);
		// Emitter speaks MQTT 3.1.1; Paho's default would retry a failed connect at once with 3.1,
		// a second TCP connection per attempt outside the reconnect backoff
		options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
		options.setKeepAliveInterval((int) this.settings.keepAlive().getSeconds());
		options.setConnectionTimeout((int) Math.max(1, this.settings.connectTimeout().getSeconds()));
		options.setMaxInflight(1000);
		// plain or TLS (an SSL bundle's context, else the JVM's default), with the inbound packet limit;
		// Paho's default hostname verification stays on
		options.setSocketFactory(this.packetGuard.socketFactory(this.settings));
		if (this.settings.username() != null) {
			options.setUserName(this.settings.username());
		}
		try {
			paho.connect(options, null, new IMqttActionListener() {

				@Override
				public void onSuccess(IMqttToken token) {
					restore(newSession, result);
				}

				@Override
				public void onFailure(IMqttToken token, Throwable ex) {
					newSession.close();
					EmitterConnector.this.completions.complete(result, null,
							EmitterConnector.this.completions.translate("connect", ex));
				}

			});
		}
		catch (MqttException ex) {
			newSession.close();
			return CompletableFuture.failedFuture(this.completions.translate("connect", ex));
		}
		return result;
	}

	private void restore(EmitterSession newSession, CompletableFuture<Void> result) {
		List<CompletableFuture<?>> steps = new ArrayList<>();
		this.wire.attach(newSession);
		// outside the send lock (the registry's lock comes first); from now on, subscriptions added
		// or released are sent on this session at once
		steps.add(this.subscriptions.attach(newSession));
		this.requests.restore(newSession, steps);
		CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new))
			.orTimeout(this.settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
			.whenComplete((ok, ex) -> {
				if (ex != null) {
					this.subscriptions.detach();
					newSession.close();
					this.completions.complete(result, null, Failures.unwrap(ex));
					return;
				}
				boolean current;
				synchronized (this.wire.lock()) {
					current = this.wire.session() == newSession;
					if (current && newSession.paho().isConnected()) {
						// the offline queue, after the restore; under the lock, so nothing is queued
						// before the session is ready
						this.publisher.flush(newSession);
						newSession.setReady(true);
						this.completions.complete(result, null, null);
						return;
					}
				}
				if (current) {
					// outside the send lock, which comes after the registry's
					this.subscriptions.detach();
				}
				this.completions.complete(result, null, new PubSubConnectionLostException(
						"Emitter session of client '" + this.clientName + "' closed while restoring"));
			});
	}

	/**
	 * Let a restore step the broker refuses (an {@link EmitterRequestException}) pass: the session
	 * is usable without it.
	 * @param step the step
	 * @return a future that fails only for other failures
	 */
	static CompletableFuture<?> tolerateRefusal(CompletableFuture<?> step) {
		return step.exceptionally((ex) -> {
			Throwable cause = Failures.unwrap(ex);
			if (cause instanceof EmitterRequestException) {
				return null;
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
		});
	}

}
