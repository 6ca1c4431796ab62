package dev.pubsub.listener.observation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.observation.RecordingObservationHandler;
import dev.pubsub.listener.PubSubListenerEndpoint;
import dev.pubsub.listener.PubSubListenerObserver;
import dev.pubsub.listener.PublishRecordingClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ObservationPubSubListenerObserver}: one {@code pubsub.listener} observation per
 * delivery with its scope open on the listener's thread, the documented keys with their values,
 * the failure recorded, trace headers read from the message, and clients left unobserved.
 */
class ObservationPubSubListenerObserverTests {

	private final RecordingObservationHandler handler = new RecordingObservationHandler();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final PublishRecordingClient client = new PublishRecordingClient("gateway", false);

	private final PubSubMessage message = PubSubMessage.builder("gateway", "jobs", JsonMapper.builder().build())
		.messageType("run")
		.routingKey("jobs.run")
		.payload("1".getBytes(StandardCharsets.UTF_8))
		.headers(PubSubHeaders.of(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
		.build();

	ObservationPubSubListenerObserverTests() {
		this.registry.observationConfig().observationHandler(this.handler);
	}

	@AfterEach
	void destroyClient() {
		this.client.destroy();
	}

	@Test
	void eachDeliveryIsAnObservationWithItsScopeOpenUntilClosed() throws Exception {
		PubSubListenerObserver observer = new ObservationPubSubListenerObserver(this.registry, null, (name) -> true);
		PubSubListenerObserver.Delivery delivery = observer.start(endpoint(), this.client, this.message);
		Observation current = this.registry.getCurrentObservation();
		assertThat(current).isNotNull();
		assertThat(current.getContext()).isInstanceOf(PubSubListenerObservationContext.class);
		delivery.error(new IllegalStateException("listener failed"));
		delivery.close();
		assertThat(this.registry.getCurrentObservation()).isNull();
		assertThat(this.handler.events).containsExactly("start:pubsub.listener", "scope-opened",
				"error:listener failed", "scope-closed", "stop:jobs process");
		PubSubListenerObservationContext context = (PubSubListenerObservationContext) this.handler.stopped.get(0);
		assertThat(context.getLowCardinalityKeyValues()).extracting(KeyValue::getKey, KeyValue::getValue)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("pubsub.client.name", "gateway"),
					org.assertj.core.groups.Tuple.tuple("pubsub.client.type", "loopback"),
					org.assertj.core.groups.Tuple.tuple("pubsub.listener.id", "jobs"),
					org.assertj.core.groups.Tuple.tuple("pubsub.destination.pattern", "jobs.*,audit.**"));
		assertThat(context.getHighCardinalityKeyValues()).extracting(KeyValue::getKey, KeyValue::getValue)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("messaging.destination.name", "jobs"));
		assertThat(context.getMessage()).isSameAs(this.message);
		assertThat(context.getClientName()).isEqualTo("gateway");
		assertThat(context.getClientType()).isEqualTo("loopback");
		assertThat(context.getListenerId()).isEqualTo("jobs");
		assertThat(context.getPatterns()).containsExactly("jobs.*", "audit.**");
		assertThat(context.getDestination()).isEqualTo("jobs");
		assertThat(context.getRemoteServiceName()).isEqualTo("loopback");
	}

	@Test
	void traceHeadersAreReadFromTheMessage() {
		PubSubListenerObservationContext context = new PubSubListenerObservationContext(this.message, "loopback", "jobs",
				List.of("jobs.*"));
		assertThat(context.getCarrier()).isSameAs(this.message);
		assertThat(context.getGetter().get(this.message, "traceparent"))
			.isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		assertThat(context.getGetter().get(this.message, "tracestate")).isNull();
	}

	@Test
	void aSuccessfulDeliveryRecordsNoError() {
		new ObservationPubSubListenerObserver(this.registry, null, (name) -> true)
			.start(endpoint(), this.client, this.message)
			.close();
		assertThat(this.handler.events).containsExactly("start:pubsub.listener", "scope-opened", "scope-closed",
				"stop:jobs process");
	}

	@Test
	void deliveriesFromAClientThatIsNotEnabledAreNotObserved() {
		PubSubListenerObserver observer = new ObservationPubSubListenerObserver(this.registry, null,
				(name) -> !name.equals("gateway"));
		PubSubListenerObserver.Delivery delivery = observer.start(endpoint(), this.client, this.message);
		assertThat(delivery).isSameAs(PubSubListenerObserver.Delivery.NONE);
		assertThat(this.registry.getCurrentObservation()).isNull();
		delivery.close();
		assertThat(this.handler.events).isEmpty();
	}

	@Test
	void aCustomConventionNamesTheObservation() {
		PubSubListenerObservationConvention custom = new DefaultPubSubListenerObservationConvention() {

			@Override
			public String getName() {
				return "orders.listener";
			}

		};
		new ObservationPubSubListenerObserver(this.registry, custom, (name) -> true)
			.start(endpoint(), this.client, this.message)
			.close();
		assertThat(this.handler.events).first().isEqualTo("start:orders.listener");
	}

	@Test
	void theDocumentedKeysAreTheOnesEmitted() {
		PubSubListenerObservationContext context = new PubSubListenerObservationContext(this.message, "loopback", "jobs",
				List.of("jobs.*"));
		DefaultPubSubListenerObservationConvention convention = DefaultPubSubListenerObservationConvention.INSTANCE;
		PubSubListenerObservation documentation = PubSubListenerObservation.LISTENER_OBSERVATION;
		assertThat(documentation.getLowCardinalityKeyNames()).extracting(KeyName::asString)
			.containsExactlyInAnyOrderElementsOf(
					convention.getLowCardinalityKeyValues(context).stream().map(KeyValue::getKey).toList());
		assertThat(documentation.getHighCardinalityKeyNames()).extracting(KeyName::asString)
			.containsExactlyInAnyOrderElementsOf(
					convention.getHighCardinalityKeyValues(context).stream().map(KeyValue::getKey).toList());
		assertThat(documentation.getDefaultConvention()).isEqualTo(DefaultPubSubListenerObservationConvention.class);
		assertThat(convention.getName()).startsWith(documentation.getPrefix() + ".");
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.supportsContext(new Observation.Context())).isFalse();
	}

	private PubSubListenerEndpoint endpoint() {
		return new PubSubListenerEndpoint("jobs", List.of("jobs.*", "audit.**"), "gateway", this, "listener",
				ObservationPubSubListenerObserverTests.class.getDeclaredMethods()[0], null, null, null, null);
	}

}
