package dev.pubsub.emitter;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * Paho version whose fields differ it finds nothing and logs that once. The fields are declared for
 * reflection in a native image by {@link PahoCallbackQueuesRuntimeHints}.
 * <p>
 * It also tells how many received messages wait for the callback thread, which
 * {@link WireOrder} needs because that thread handles a queued completion (a PUBACK) before the
 * messages the broker wrote ahead of it.
 */
final class PahoCallbackQueues {

	private static final Log logger = LogFactory.getLog(PahoCallbackQueues.class);

	private static volatile boolean warned;

	private static volatile boolean countWarned;

	private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();

	/** Paho's class that holds the callback: the type of {@code MqttAsyncClient.comms}. */
	static final String CLIENT_COMMS_CLASS = "org.eclipse.paho.client.mqttv3.internal.ClientComms";

	/** Paho's callback class that holds the queues: the type of {@code ClientComms.callback}. */
	static final String COMMS_CALLBACK_CLASS = "org.eclipse.paho.client.mqttv3.internal.CommsCallback";

	/** {@code MqttAsyncClient}'s field holding its {@code ClientComms}. */
	static final String COMMS_FIELD = "comms";

	/** {@code ClientComms}' field holding its {@code CommsCallback}. */
	static final String CALLBACK_FIELD = "callback";

	/** {@code CommsCallback}'s queue of received messages. */
	static final String MESSAGE_QUEUE_FIELD = "messageQueue";

	/** {@code CommsCallback}'s queue of completed operations. */
	static final String COMPLETE_QUEUE_FIELD = "completeQueue";

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
			Object comms = field(MqttAsyncClient.class, COMMS_FIELD).get(client);
			if (comms == null) {
				return new Leftovers(messages, completions);
			}
			Object callback = field(comms.getClass(), CALLBACK_FIELD).get(comms);
			if (callback == null) {
				return new Leftovers(messages, completions);
			}
			List<?> messageQueue = (List<?>) field(callback.getClass(), MESSAGE_QUEUE_FIELD).get(callback);
			List<?> completeQueue = (List<?>) field(callback.getClass(), COMPLETE_QUEUE_FIELD).get(callback);
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

	/**
	 * Return how many received messages wait for the client's callback thread.
	 * @param client the client
	 * @return the number of queued messages, or {@code -1} when Paho's internals are not as expected
	 */
	static int queuedMessages(MqttAsyncClient client) {
		try {
			Object comms = field(MqttAsyncClient.class, COMMS_FIELD).get(client);
			Object callback = (comms != null) ? field(comms.getClass(), CALLBACK_FIELD).get(comms) : null;
			if (callback == null) {
				return 0;
			}
			return ((List<?>) field(callback.getClass(), MESSAGE_QUEUE_FIELD).get(callback)).size();
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			if (!countWarned) {
				countWarned = true;
				logger.warn("Cannot read Paho's inbound queue (" + ex + "); a QoS 1 publish or subscribe the broker "
						+ "refuses may be reported as accepted when its PUBACK is handled before the error");
			}
			return -1;
		}
	}

	private static Field field(Class<?> type, String name) throws NoSuchFieldException {
		Field cached = FIELDS.get(type.getName() + "#" + name);
		if (cached != null) {
			return cached;
		}
		Field field = type.getDeclaredField(name);
		field.setAccessible(true);
		FIELDS.put(type.getName() + "#" + name, field);
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
