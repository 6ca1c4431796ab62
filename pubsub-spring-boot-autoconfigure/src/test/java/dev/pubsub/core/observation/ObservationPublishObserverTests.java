package dev.pubsub.core.observation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.common.KeyValue;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PublishReceipt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link ObservationPublishObserver}: one {@code pubsub.publish} observation per publish,
 * in scope while the publish starts, stopped when its future completes and before the caller sees
 * the completion, with the failure (unwrapped) recorded, and the documented keys.
 */
class ObservationPublishObserverTests {

	private final RecordingObservationHandler handler = new RecordingObservationHandler();

	private final ObservationRegistry registry = ObservationRegistry.create();

	private final PubSubClient client = (PubSubClient) java.lang.reflect.Proxy.newProxyInstance(
			getClass().getClassLoader(), new Class<?>[] { PubSubClient.class },
			(proxy, method, args) -> switch (method.getName()) {
				case "name" -> "gateway";
				case "type" -> "realtime";
				default -> throw new UnsupportedOperationException(method.getName());
			});

	private final ObservationPublishObserver observer;

	ObservationPublishObserverTests() {
		this.registry.observationConfig().observationHandler(this.handler);
		this.observer = new ObservationPublishObserver(this.registry, null);
	}

	@Test
	void aPublishIsObservedInScopeAndStoppedWithItsReceiptBeforeTheCallerSeesIt() {
		CompletableFuture<PublishReceipt> publish = new CompletableFuture<>();
		List<Observation> inScope = new CopyOnWriteArrayList<>();
		CompletableFuture<PublishReceipt> observed = this.observer.observe(this.client, "orders", () -> {
			inScope.add(this.registry.getCurrentObservation());
			return publish;
		});
		assertThat(inScope).singleElement().isNotNull();
		assertThat(this.registry.getCurrentObservation()).isNull();
		assertThat(this.handler.events).containsExactly("start:pubsub.publish", "scope-opened", "scope-closed");
		List<String> whenCallerSawIt = new CopyOnWriteArrayList<>();
		observed.thenRun(() -> whenCallerSawIt.addAll(this.handler.events));
		PublishReceipt receipt = PublishReceipt.acknowledged("gateway", "orders", "m-1");
		publish.complete(receipt);
		assertThat(observed).isCompletedWithValue(receipt);
		assertThat(whenCallerSawIt).endsWith("stop:gateway publish");
		PubSubPublishObservationContext context = (PubSubPublishObservationContext) this.handler.stopped.get(0);
		assertThat(context.getReceipt()).isSameAs(receipt);
		assertThat(context.getClientName()).isEqualTo("gateway");
		assertThat(context.getClientType()).isEqualTo("realtime");
		assertThat(context.getDestination()).isEqualTo("orders");
		assertThat(context.getRemoteServiceName()).isEqualTo("realtime");
		assertThat(context.getLowCardinalityKeyValues()).extracting(KeyValue::getKey, KeyValue::getValue)
			.containsExactlyInAnyOrder(Tuple.tuple("pubsub.client.name", "gateway"),
					Tuple.tuple("pubsub.client.type", "realtime"));
		assertThat(context.getHighCardinalityKeyValues()).extracting(KeyValue::getKey, KeyValue::getValue)
			.containsExactly(Tuple.tuple("messaging.destination.name", "orders"));
	}

	@Test
	void aFailedPublishRecordsItsCause() {
		IllegalStateException refused = new IllegalStateException("refused");
		CompletableFuture<PublishReceipt> wrapped = this.observer.observe(this.client, "orders",
				() -> CompletableFuture.failedFuture(new CompletionException(refused)));
		CompletableFuture<PublishReceipt> plain = this.observer.observe(this.client, "orders",
				() -> CompletableFuture.failedFuture(new IllegalStateException("plain")));
		CompletableFuture<PublishReceipt> noCause = this.observer.observe(this.client, "orders",
				() -> CompletableFuture.failedFuture(new CompletionException("no cause", null)));
		assertThat(wrapped).isCompletedExceptionally();
		assertThat(plain).isCompletedExceptionally();
		assertThat(noCause).isCompletedExceptionally();
		assertThat(this.handler.stopped).extracting(Observation.Context::getError)
			.extracting(Throwable::getMessage)
			.containsExactly("refused", "plain", "no cause");
		assertThat(this.handler.stopped).extracting((context) -> ((PubSubPublishObservationContext) context).getReceipt())
			.containsOnlyNulls();
	}

	@Test
	void aPublishThatThrowsIsRecordedStoppedAndRethrown() {
		assertThatIllegalStateException().isThrownBy(() -> this.observer.observe(this.client, "orders", () -> {
			throw new IllegalStateException("not connected");
		})).withMessage("not connected");
		assertThat(this.handler.events).containsExactly("start:pubsub.publish", "scope-opened", "scope-closed",
				"error:not connected", "stop:gateway publish");
		assertThat(this.registry.getCurrentObservation()).isNull();
	}

	@Test
	void aCustomConventionNamesTheObservation() {
		PubSubPublishObservationConvention custom = new DefaultPubSubPublishObservationConvention() {

			@Override
			public String getName() {
				return "orders.publish";
			}

		};
		new ObservationPublishObserver(this.registry, custom).observe(this.client, "orders",
				() -> CompletableFuture.completedFuture(PublishReceipt.written("gateway", "orders", null)));
		assertThat(this.handler.events).first().isEqualTo("start:orders.publish");
	}

	@Test
	void traceHeadersAreWrittenToTheContextsCarrier() {
		PubSubPublishObservationContext context = new PubSubPublishObservationContext("gateway", "realtime", "orders");
		Map<String, String> carrier = new LinkedHashMap<>();
		context.getSetter().set(carrier, "traceparent", "00-abc-01");
		context.getSetter().set(null, "traceparent", "ignored");
		assertThat(carrier).containsExactly(Map.entry("traceparent", "00-abc-01"));
		assertThat(context.getCarrier()).isEmpty();
	}

	@Test
	void theDocumentedKeysAreTheOnesEmitted() {
		PubSubPublishObservationContext context = new PubSubPublishObservationContext("gateway", "realtime", "orders");
		DefaultPubSubPublishObservationConvention convention = DefaultPubSubPublishObservationConvention.INSTANCE;
		PubSubPublishObservation documentation = PubSubPublishObservation.PUBLISH_OBSERVATION;
		assertThat(documentation.getLowCardinalityKeyNames()).extracting(KeyName::asString)
			.containsExactlyInAnyOrderElementsOf(
					convention.getLowCardinalityKeyValues(context).stream().map(KeyValue::getKey).toList());
		assertThat(documentation.getHighCardinalityKeyNames()).extracting(KeyName::asString)
			.containsExactlyInAnyOrderElementsOf(
					convention.getHighCardinalityKeyValues(context).stream().map(KeyValue::getKey).toList());
		assertThat(documentation.getDefaultConvention()).isEqualTo(DefaultPubSubPublishObservationConvention.class);
		assertThat(convention.getName()).startsWith(documentation.getPrefix() + ".");
		assertThat(convention.supportsContext(context)).isTrue();
		assertThat(convention.supportsContext(new Observation.Context())).isFalse();
	}

}
