package dev.pubsub.httppubsub;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.pubsub.core.PubSubClient;

/**
 * A httppubsub subscriber and notifier. Subscriptions ({@link #subscribe}) are exact topics or
 * fnmatch globs (see {@link HttpPubSubGlob}); the broadcaster POSTs matching notifications to this
 * application's receive endpoint, which hands them to the subscriptions' handlers. "Connected"
 * means the broadcaster holds exactly this client's subscriptions: they are set on connect,
 * compared by strong etag on a schedule and set again when they differ or after a failure.
 */
public interface HttpPubSubClient extends PubSubClient {

	/**
	 * Notify subscribers of a topic.
	 * @param topic the topic (UTF-8)
	 * @param data the message
	 * @return a future completed with the number of subscribers reached
	 */
	CompletableFuture<Long> notify(String topic, byte[] data);

	/**
	 * Notify subscribers, converting the payload to JSON unless it is {@code byte[]} or a
	 * {@link String} (sent as UTF-8).
	 * @param topic the topic
	 * @param payload the payload
	 * @return a future completed with the number of subscribers reached
	 */
	CompletableFuture<Long> notify(String topic, Object payload);

	/**
	 * Notify subscribers with the content of a file, streamed (hashed once, then sent) rather than
	 * read into memory.
	 * @param topic the topic bytes
	 * @param file the file
	 * @return a future completed with the number of subscribers reached
	 */
	CompletableFuture<Long> notify(byte[] topic, Path file);

	/**
	 * Notify subscribers with a streamed message whose length and SHA-512 are known. The supplier
	 * may be called again when the request is retried on another broadcaster.
	 * @param topic the topic bytes
	 * @param data opens the message
	 * @param length the message length
	 * @param sha512 the message's SHA-512
	 * @return a future completed with the number of subscribers reached
	 */
	CompletableFuture<Long> notify(byte[] topic, Supplier<InputStream> data, long length, byte[] sha512);

	/**
	 * Ask the broadcaster whether it holds exactly this client's subscriptions.
	 * @return a future completed with {@code true} when the strong etags agree
	 */
	CompletableFuture<Boolean> checkSubscriptions();

	/**
	 * Replace the broadcaster's subscriptions for this client's receive URL (and, for
	 * {@link DefaultHttpPubSubClient}, each glob's own URL) with this client's.
	 * @return a future completed when the broadcaster confirmed
	 */
	CompletableFuture<Void> setSubscriptions();

	/**
	 * Return the URL registered with the broadcaster, to which it POSTs notifications (for
	 * {@link DefaultHttpPubSubClient}, those of exact topics; each glob has a URL of its own, see
	 * {@link DefaultHttpPubSubClient#receiveUrl(String)}).
	 * @return the receive URL
	 */
	String receiveUrl();

	/**
	 * Add a listener for missed-message notices.
	 * @param listener the listener
	 */
	void addMissedListener(HttpPubSubMissedListener listener);

	/**
	 * Remove a missed-message listener.
	 * @param listener the listener
	 */
	void removeMissedListener(HttpPubSubMissedListener listener);

}
