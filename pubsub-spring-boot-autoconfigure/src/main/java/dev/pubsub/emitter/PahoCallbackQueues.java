package dev.pubsub.emitter;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttToken;
import org.eclipse.paho.client.mqttv3.internal.wire.MqttPublish;

/**
 * Takes what Paho 1.2.5 had received but not yet handed to its callback when a connection drops.
 * <p>
 * Paho queues up to 10 inbound messages and the completions of acknowledged operations for its
 * callback thread; on a connection loss it stops that thread before calling
 * {@code connectionLost} and discards both queues. With Emitter every delivery is QoS 0, so those
 * messages would be lost although they reached the client, and operations the broker had already
 * acknowledged would never complete. This reads the queues (private fields of Paho's
 * {@code ClientComms} and {@code CommsCallback}) so the client can still handle them; with another
 * Paho version whose fields differ it finds nothing and logs that once.
 */
final class PahoCallbackQueues {

	private static final Log logger = LogFactory.getLog(PahoCallbackQueues.class);

	private static volatile boolean warned;

	private PahoCallbackQueues() {
	}

	/**
	 * Remove and return what the stopped callback thread left.
	 * @param client the client whose connection dropped
	 * @return the leftovers (empty when Paho's internals are not as expected)
	 */
	static Leftovers drain(MqttAsyncClient client) {
		List<MqttPublish> messages = new ArrayList<>();
		List<MqttToken> completions = new ArrayList<>();
		try {
			Object comms = field(MqttAsyncClient.class, "comms").get(client);
			if (comms == null) {
				return new Leftovers(messages, completions);
			}
			Object callback = field(comms.getClass(), "callback").get(comms);
			if (callback == null) {
				return new Leftovers(messages, completions);
			}
			List<?> messageQueue = (List<?>) field(callback.getClass(), "messageQueue").get(callback);
			List<?> completeQueue = (List<?>) field(callback.getClass(), "completeQueue").get(callback);
			synchronized (messageQueue) {
				for (Object message : messageQueue) {
					if (message instanceof MqttPublish publish) {
						messages.add(publish);
					}
				}
				messageQueue.clear();
			}
			synchronized (completeQueue) {
				for (Object token : completeQueue) {
					if (token instanceof MqttToken mqttToken) {
						completions.add(mqttToken);
					}
				}
				completeQueue.clear();
			}
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			if (!warned) {
				warned = true;
				logger.warn("Cannot read Paho's callback queues (" + ex + "); messages Paho had received but not "
						+ "delivered when a connection dropped are lost");
			}
		}
		return new Leftovers(messages, completions);
	}

	private static Field field(Class<?> type, String name) throws NoSuchFieldException {
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		return field;
	}

	/**
	 * What Paho received but did not hand over.
	 *
	 * @param messages inbound publishes, in arrival order
	 * @param completions completed operations whose listeners were not called
	 */
	record Leftovers(List<MqttPublish> messages, List<MqttToken> completions) {
	}

}
