package dev.pubsub.emitter;

import java.lang.reflect.Field;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PahoCallbackQueuesRuntimeHints}: every private Paho field
 * {@link PahoCallbackQueues} reads exists in the Paho on the classpath and is declared for reflection.
 */
class PahoCallbackQueuesRuntimeHintsTests {

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(PahoCallbackQueuesRuntimeHints.class::isInstance);
	}

	@Test
	void declaresEveryFieldTheQueuesAreReadThrough() throws Exception {
		RuntimeHints hints = new RuntimeHints();
		new PahoCallbackQueuesRuntimeHints().registerHints(hints, getClass().getClassLoader());
		Class<?> comms = ClassUtils.forName(PahoCallbackQueues.CLIENT_COMMS_CLASS, null);
		Class<?> callback = ClassUtils.forName(PahoCallbackQueues.COMMS_CALLBACK_CLASS, null);
		Field commsField = MqttAsyncClient.class.getDeclaredField(PahoCallbackQueues.COMMS_FIELD);
		Field callbackField = comms.getDeclaredField(PahoCallbackQueues.CALLBACK_FIELD);
		assertThat(commsField.getType()).isEqualTo(comms);
		assertThat(callbackField.getType()).isEqualTo(callback);
		for (Field field : new Field[] { commsField, callbackField,
				callback.getDeclaredField(PahoCallbackQueues.MESSAGE_QUEUE_FIELD),
				callback.getDeclaredField(PahoCallbackQueues.COMPLETE_QUEUE_FIELD) }) {
			assertThat(RuntimeHintsPredicates.reflection().onField(field)).as(field.toString()).accepts(hints);
		}
	}

}
