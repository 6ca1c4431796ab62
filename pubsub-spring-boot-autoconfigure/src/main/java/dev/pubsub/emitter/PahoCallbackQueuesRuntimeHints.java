package dev.pubsub.emitter;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Declares the private Paho fields {@link PahoCallbackQueues} reads by reflection, so that a native
 * image keeps them. Registered in {@code META-INF/spring/aot.factories}.
 */
class PahoCallbackQueuesRuntimeHints implements RuntimeHintsRegistrar {

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.reflection()
			.registerType(MqttAsyncClient.class, (type) -> type.withField(PahoCallbackQueues.COMMS_FIELD));
		hints.reflection()
			.registerType(TypeReference.of(PahoCallbackQueues.CLIENT_COMMS_CLASS),
					(type) -> type.withField(PahoCallbackQueues.CALLBACK_FIELD));
		hints.reflection()
			.registerType(TypeReference.of(PahoCallbackQueues.COMMS_CALLBACK_CLASS),
					(type) -> type.withField(PahoCallbackQueues.MESSAGE_QUEUE_FIELD)
						.withField(PahoCallbackQueues.COMPLETE_QUEUE_FIELD));
	}

}
