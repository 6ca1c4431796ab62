package dev.pubsub.core.observation;

/**
 * The names both pub/sub observations share, {@code pubsub.publish} ({@link PubSubPublishObservation}) and
 * {@code pubsub.listener} ({@code PubSubListenerObservation}): the prefix and the keys of the client and
 * destination, so a dashboard can join the two on them.
 */
public final class PubSubObservationKeys {

	/** The prefix of the observation names. */
	public static final String PREFIX = "pubsub";

	/** The key of the client's name ({@code pubsub.clients.<name>}). */
	public static final String CLIENT_NAME = "pubsub.client.name";

	/** The key of the client's provider type. */
	public static final String CLIENT_TYPE = "pubsub.client.type";

	/** The key of the topic or channel. */
	public static final String DESTINATION_NAME = "messaging.destination.name";

	private PubSubObservationKeys() {
	}

}
