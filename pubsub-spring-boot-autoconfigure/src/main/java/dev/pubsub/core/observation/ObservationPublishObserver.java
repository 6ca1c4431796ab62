package dev.pubsub.core.observation;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.PublishObserver;
import dev.pubsub.core.support.PublishPropagation;

/**
 * A {@link PublishObserver} that makes each publish a {@code pubsub.publish} {@link Observation},
 * started on the calling thread (as a child of the current observation, e.g. the listener's when a
 * listener publishes) and stopped when the publish future completes; a failed future or a publish
 * that throws records the error. The caller gets a future that completes after the observation
 * stopped. The propagation fields a tracing handler injected into the context's carrier are
 * offered to the provider through {@link PublishPropagation} (httppubsub sends them in its
 * {@code tracing} field).
 */
public class ObservationPublishObserver implements PublishObserver {

	private final ObservationRegistry registry;

	private final @Nullable PubSubPublishObservationConvention convention;

	/**
	 * Create an observer.
	 * @param registry the registry
	 * @param convention a custom convention, or {@code null} for the default one
	 */
	public ObservationPublishObserver(ObservationRegistry registry,
			@Nullable PubSubPublishObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public CompletableFuture<PublishReceipt> observe(PubSubClient client, String topic,
			Supplier<CompletableFuture<PublishReceipt>> publish) {
		PubSubPublishObservationContext context = new PubSubPublishObservationContext(client.name(), client.type(),
				topic);
		Observation observation = PubSubPublishObservation.PUBLISH_OBSERVATION
			.observation(this.convention, DefaultPubSubPublishObservationConvention.INSTANCE, () -> context,
					this.registry)
			.start();
		CompletableFuture<PublishReceipt> future;
		try (Observation.Scope scope = observation.openScope()) {
			// a tracer wrote the propagation fields into the carrier on start; hand them to the provider
			future = PublishPropagation.runWith(context.getCarrier(), publish);
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		// a dependent future: the observation has stopped before the caller sees the completion
		return future.whenComplete((receipt, ex) -> {
			if (ex != null) {
				observation.error(Failures.unwrap(ex));
			}
			else {
				context.setReceipt(receipt);
			}
			observation.stop();
		});
	}

}
