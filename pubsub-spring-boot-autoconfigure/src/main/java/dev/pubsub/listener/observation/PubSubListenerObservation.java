package dev.pubsub.listener.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The {@code pubsub.listener} observation: one delivery of a message to a
 * {@code @PubSubListener} method, with its retries, error handler and recoverer.
 */
public enum PubSubListenerObservation implements ObservationDocumentation {

	/** Observation around one delivery to a listener. */
	LISTENER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultPubSubListenerObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "pubsub";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ListenerHighCardinalityTags.values();
		}

	};

	/**
	 * Low-cardinality keys (also tags of the timers).
	 */
	public enum ListenerLowCardinalityTags implements KeyName {

		/** Name of the client the message came from ({@code pubsub.clients.<name>}). */
		CLIENT_NAME {

			@Override
			public String asString() {
				return "pubsub.client.name";
			}

		},

		/** Provider type of the client: {@code realtime}, {@code realtimex}, {@code httppubsub}, {@code wsrpc}, {@code emitter}. */
		CLIENT_TYPE {

			@Override
			public String asString() {
				return "pubsub.client.type";
			}

		},

		/** Id of the listener. */
		LISTENER_ID {

			@Override
			public String asString() {
				return "pubsub.listener.id";
			}

		},

		/** The listener's patterns, comma-separated, as declared. */
		DESTINATION_PATTERN {

			@Override
			public String asString() {
				return "pubsub.destination.pattern";
			}

		}

	}

	/**
	 * High-cardinality keys (spans only, never timer tags).
	 */
	public enum ListenerHighCardinalityTags implements KeyName {

		/** The topic or channel of the message. */
		DESTINATION_NAME {

			@Override
			public String asString() {
				return "messaging.destination.name";
			}

		}

	}

}
