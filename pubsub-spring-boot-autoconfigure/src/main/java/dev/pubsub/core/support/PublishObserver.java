package dev.pubsub.core.support;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PublishReceipt;

/**
 * Wraps each publish of a client, the one place every provider's publish goes through for
 * cross-cutting concerns such as Micrometer observations
 * ({@code dev.pubsub.core.observation.ObservationPublishObserver}). Without one set, a client uses
 * {@link #NONE}, which just publishes. This type has no Micrometer types, so clients load without
 * Micrometer on the class path.
 */
@FunctionalInterface
public interface PublishObserver {

	/** Publishes without observing. */
	PublishObserver NONE = (client, topic, publish) -> publish.get();

	/**
	 * Run one publish.
	 * @param client the publishing client
	 * @param topic the topic, channel or destination published to
	 * @param publish starts the publish and returns its future
	 * @return the future of the publish, completing when it does
	 */
	CompletableFuture<PublishReceipt> observe(PubSubClient client, String topic,
			Supplier<CompletableFuture<PublishReceipt>> publish);

}
