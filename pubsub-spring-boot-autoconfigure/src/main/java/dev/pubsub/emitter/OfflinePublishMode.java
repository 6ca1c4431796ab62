package dev.pubsub.emitter;

/**
 * What an Emitter client does with a publish while it has no connection.
 */
public enum OfflinePublishMode {

	/**
	 * Keep the publish in a bounded queue and send it, in order, once the session is restored;
	 * a full queue fails the publish.
	 */
	QUEUE,

	/**
	 * Fail the publish at once with a {@link dev.pubsub.core.PubSubNotConnectedException}.
	 */
	FAIL

}
