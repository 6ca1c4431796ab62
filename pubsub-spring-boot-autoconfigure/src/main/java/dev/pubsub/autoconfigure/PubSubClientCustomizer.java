package dev.pubsub.autoconfigure;

import dev.pubsub.core.PubSubClient;

/**
 * Callback that customizes the auto-configured pub/sub clients of one type before they are
 * initialized and started. Declare it as a bean; its type argument selects the clients it applies to:
 * a {@code PubSubClientCustomizer<RealtimeClient>} is applied to every Realtime client and to no
 * other, a {@code PubSubClientCustomizer<PubSubClient>} to all of them. Customizers are applied in
 * {@link org.springframework.core.Ordered order}. As with Spring Boot's own customizers, a lambda
 * loses its type argument; it is then offered every client and skipped for those it cannot take.
 *
 * @param <C> the client type
 */
@FunctionalInterface
public interface PubSubClientCustomizer<C extends PubSubClient> {

	/**
	 * Customize the client.
	 * @param client the client, not yet started
	 */
	void customize(C client);

}
