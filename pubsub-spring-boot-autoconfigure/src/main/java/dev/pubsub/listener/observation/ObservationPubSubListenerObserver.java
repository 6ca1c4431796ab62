package dev.pubsub.listener.observation;

import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.listener.PubSubListenerEndpoint;
import dev.pubsub.listener.PubSubListenerObserver;

/**
 * A {@link PubSubListenerObserver} that makes each delivery a {@code pubsub.listener}
 * {@link Observation} with its scope open on the listener's thread, so the listener method, its
 * retries, the error handler, the recoverer and any publish they make run inside it.
 */
public class ObservationPubSubListenerObserver implements PubSubListenerObserver {

	private final ObservationRegistry registry;

	private final @Nullable PubSubListenerObservationConvention convention;

	private final Predicate<String> enabledForClient;

	/**
	 * Create an observer.
	 * @param registry the registry
	 * @param convention a custom convention, or {@code null} for the default one
	 * @param enabledForClient whether deliveries from the client of that name are observed
	 */
	public ObservationPubSubListenerObserver(ObservationRegistry registry,
			@Nullable PubSubListenerObservationConvention convention, Predicate<String> enabledForClient) {
		this.registry = registry;
		this.convention = convention;
		this.enabledForClient = enabledForClient;
	}

	@Override
	public Delivery start(PubSubListenerEndpoint endpoint, PubSubClient client, PubSubMessage message) {
		if (!this.enabledForClient.test(client.name())) {
			return Delivery.NONE;
		}
		PubSubListenerObservationContext context = new PubSubListenerObservationContext(message, client.type(),
				endpoint.id(), endpoint.patterns());
		Observation observation = PubSubListenerObservation.LISTENER_OBSERVATION
			.observation(this.convention, DefaultPubSubListenerObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		Observation.Scope scope = observation.openScope();
		return new Delivery() {

			@Override
			public void error(Throwable error) {
				observation.error(error);
			}

			@Override
			public void close() {
				scope.close();
				observation.stop();
			}

		};
	}

}
