package dev.pubsub.listener.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

import dev.pubsub.core.observation.PubSubObservationKeys;

/**
 * The {@code pubsub.listener} observation: one delivery of a message to a
 * {@code @PubSubListener} method, with its retries, error handler and recoverer. The prefix and the keys
 * it shares with the publish observation are {@link PubSubObservationKeys}.
 */
public enum PubSubListenerObservation implements ObservationDocumentation {

	/** Observation around one delivery to a listener. */
	LISTENER_OBSERVATION;

	@Override
	public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
		return DefaultPubSubListenerObservationConvention.class;
	}

	@Override
	public String getPrefix() {
		return PubSubObservationKeys.PREFIX;
	}

	@Override
	public KeyName[] getLowCardinalityKeyNames() {
		return ListenerLowCardinalityTags.values();
	}

	@Override
	public KeyName[] getHighCardinalityKeyNames() {
		return ListenerHighCardinalityTags.values();
	}

	/**
	 * Low-cardinality keys (also tags of the timers).
	 */
	public enum ListenerLowCardinalityTags implements KeyName {

		/** Name of the client the message came from ({@code pubsub.clients.<name>}). */
		CLIENT_NAME(PubSubObservationKeys.CLIENT_NAME),

		/** Provider type of the client: {@code realtime}, {@code realtimex}, {@code httppubsub}, {@code wsrpc}, {@code emitter}. */
		CLIENT_TYPE(PubSubObservationKeys.CLIENT_TYPE),

		/** Id of the listener. */
		LISTENER_ID("pubsub.listener.id"),

		/** The listener's patterns, comma-separated, as declared. */
		DESTINATION_PATTERN("pubsub.destination.pattern");

		private final String key;

		ListenerLowCardinalityTags(String key) {
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
	public enum ListenerHighCardinalityTags implements KeyName {

		/** The topic or channel of the message. */
		DESTINATION_NAME;

		@Override
		public String asString() {
			return PubSubObservationKeys.DESTINATION_NAME;
		}

	}

}
