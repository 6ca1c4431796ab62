package dev.pubsub.core.observation;

import io.micrometer.common.KeyValues;

import dev.pubsub.core.observation.PubSubPublishObservation.PublishHighCardinalityTags;
import dev.pubsub.core.observation.PubSubPublishObservation.PublishLowCardinalityTags;

/**
 * The default {@link PubSubPublishObservationConvention}: name {@code pubsub.publish}, contextual
 * name {@code "<client> publish"}; low-cardinality keys client name and client type;
 * high-cardinality key the topic or channel. Extend it to add keys.
 */
public class DefaultPubSubPublishObservationConvention implements PubSubPublishObservationConvention {

	/** A shared instance. */
	public static final DefaultPubSubPublishObservationConvention INSTANCE = new DefaultPubSubPublishObservationConvention();

	@Override
	public KeyValues getLowCardinalityKeyValues(PubSubPublishObservationContext context) {
		return KeyValues.of(PublishLowCardinalityTags.CLIENT_NAME.withValue(context.getClientName()),
				PublishLowCardinalityTags.CLIENT_TYPE.withValue(context.getClientType()));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(PubSubPublishObservationContext context) {
		return KeyValues.of(PublishHighCardinalityTags.DESTINATION_NAME.withValue(context.getDestination()));
	}

	@Override
	public String getContextualName(PubSubPublishObservationContext context) {
		return context.getClientName() + " publish";
	}

}
