package dev.pubsub.core.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The {@code pubsub.publish} observation: one publish of a client, from the call until its future
 * completes (written, acknowledged or failed, as the publish options asked). The prefix and the keys it
 * shares with the listener observation are {@link PubSubObservationKeys}.
 */
public enum PubSubPublishObservation implements ObservationDocumentation {

	/** Observation around one publish. */
	PUBLISH_OBSERVATION;

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return DefaultPubSubPublishObservationConvention.class;
	}

	@Override
	public String getPrefix() {
		return PubSubObservationKeys.PREFIX;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return PublishLowCardinalityTags.values();
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return PublishHighCardinalityTags.values();
	}

	/**
	 * Low-cardinality keys (also tags of the timers).
	 */
	public enum PublishLowCardinalityTags implements KeyName {

		/** Name of the publishing client ({@code pubsub.clients.<name>}). */
		CLIENT_NAME(PubSubObservationKeys.CLIENT_NAME),

		/** Provider type of the client: {@code realtime}, {@code realtimex}, {@code httppubsub}, {@code wsrpc}, {@code emitter}. */
		CLIENT_TYPE(PubSubObservationKeys.CLIENT_TYPE);

		private final String key;

		PublishLowCardinalityTags(String key) {
			this.key = key;
		}

		@Override
		public String asString() {
			return this.key;
		}

	}

	/**
	 * High-cardinality keys (spans only, never timer tags).
	 */
	public enum PublishHighCardinalityTags implements KeyName {

		/** The topic or channel published to. */
		DESTINATION_NAME;

		@Override
		public String asString() {
			return PubSubObservationKeys.DESTINATION_NAME;
		}

	}

}
