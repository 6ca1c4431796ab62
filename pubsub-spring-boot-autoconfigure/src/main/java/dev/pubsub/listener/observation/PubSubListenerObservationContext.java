package dev.pubsub.listener.observation;

import java.util.List;
import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;

/**
 * The context of a {@code pubsub.listener} observation: the message (the carrier, whose headers a
 * tracing handler reads propagation fields from where the protocol carries them: first the
 * {@link PubSubHeaders#TRACING} map, then a header of the field's own name), the client and the
 * listener.
 */
public class PubSubListenerObservationContext extends ReceiverContext<PubSubMessage> {

	private final PubSubMessage message;

	private final String clientType;

	private final String listenerId;

	private final List<String> patterns;

	/**
	 * Create a context.
	 * @param message the delivered message
	 * @param clientType the provider type of the client
	 * @param listenerId the listener's id
	 * @param patterns the listener's patterns
	 */
	public PubSubListenerObservationContext(PubSubMessage message, String clientType, String listenerId,
			List<String> patterns) {
		super(PubSubListenerObservationContext::propagationField);
		setCarrier(message);
		this.message = message;
		this.clientType = clientType;
		this.listenerId = listenerId;
		this.patterns = List.copyOf(patterns);
		setRemoteServiceName(clientType);
	}

	private static @Nullable String propagationField(PubSubMessage carrier, String key) {
		if (carrier.headers().get(PubSubHeaders.TRACING) instanceof Map<?, ?> fields
				&& fields.get(key) instanceof String value) {
			return value;
		}
		Object value = carrier.headers().get(key);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Return the delivered message.
	 * @return the message
	 */
	public PubSubMessage getMessage() {
		return this.message;
	}

	/**
	 * Return the name of the client the message came from.
	 * @return the client name
	 */
	public String getClientName() {
		return this.message.clientName();
	}

	/**
	 * Return the provider type of the client.
	 * @return the type
	 */
	public String getClientType() {
		return this.clientType;
	}

	/**
	 * Return the listener's id.
	 * @return the id
	 */
	public String getListenerId() {
		return this.listenerId;
	}

	/**
	 * Return the listener's patterns.
	 * @return the patterns
	 */
	public List<String> getPatterns() {
		return this.patterns;
	}

	/**
	 * Return the topic or channel of the message.
	 * @return the destination
	 */
	public String getDestination() {
		return this.message.topic();
	}

}
