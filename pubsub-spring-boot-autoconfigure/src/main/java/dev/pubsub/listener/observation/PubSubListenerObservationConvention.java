package dev.pubsub.listener.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} of the {@code pubsub.listener} observation. Define a bean of this
 * type to replace or extend {@link DefaultPubSubListenerObservationConvention}.
 */
public interface PubSubListenerObservationConvention extends ObservationConvention<PubSubListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof PubSubListenerObservationContext;
	}

	@Override
	default String getName() {
		return "pubsub.listener";
	}

}
