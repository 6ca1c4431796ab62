package dev.pubsub.listener.observation;

import io.micrometer.common.KeyValues;

import dev.pubsub.listener.observation.PubSubListenerObservation.ListenerHighCardinalityTags;
import dev.pubsub.listener.observation.PubSubListenerObservation.ListenerLowCardinalityTags;

/**
 * The default {@link PubSubListenerObservationConvention}: name {@code pubsub.listener},
 * contextual name {@code "<listener id> process"}; low-cardinality keys client name, client type,
 * listener id and destination pattern; high-cardinality key the message's topic or channel.
 * Extend it to add keys.
 */
public class DefaultPubSubListenerObservationConvention implements PubSubListenerObservationConvention {

	/** A shared instance. */
	public static final DefaultPubSubListenerObservationConvention INSTANCE = new DefaultPubSubListenerObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(PubSubListenerObservationContext context) {
		return KeyValues.of(ListenerLowCardinalityTags.CLIENT_NAME.withValue(context.getClientName()),
				ListenerLowCardinalityTags.CLIENT_TYPE.withValue(context.getClientType()),
				ListenerLowCardinalityTags.LISTENER_ID.withValue(context.getListenerId()),
				ListenerLowCardinalityTags.DESTINATION_PATTERN.withValue(String.join(",", context.getPatterns())));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PubSubListenerObservationContext context) {
		return KeyValues.of(ListenerHighCardinalityTags.DESTINATION_NAME.withValue(context.getDestination()));
	}

	@Override
	public String getContextualName(PubSubListenerObservationContext context) {
		return context.getListenerId() + " process";
	}

}
