package dev.pubsub.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} of the {@code pubsub.publish} observation. Define a bean of this
 * type to replace or extend {@link DefaultPubSubPublishObservationConvention}.
 */
public interface PubSubPublishObservationConvention extends ObservationConvention<PubSubPublishObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PubSubPublishObservationContext;
	}

	@Override
	default String getName() {
		return "pubsub.publish";
	}

}
