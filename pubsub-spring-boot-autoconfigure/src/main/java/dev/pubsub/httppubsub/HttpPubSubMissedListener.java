package dev.pubsub.httppubsub;

/**
 * Told when the broadcaster reports, through the recovery URL, that a notification on a topic
 * could not be delivered. The notice carries no payload: re-read the state the topic describes.
 * Called off the HTTP thread, in order.
 */
@FunctionalInterface
public interface HttpPubSubMissedListener {

	/**
	 * Handle a missed notice.
	 * @param event the notice
	 */
	void onMissed(HttpPubSubMissedEvent event);

}
