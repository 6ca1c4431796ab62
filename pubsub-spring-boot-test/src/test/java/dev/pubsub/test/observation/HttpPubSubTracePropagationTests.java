package dev.pubsub.test.observation;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.ScopedSpan;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.listener.observation.PubSubListenerObservationContext;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSub;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace of an httppubsub publish continues in the receiver: with a real tracer (Brave through
 * Micrometer's bridge, W3C trace context), the {@code pubsub.publish} observation's
 * {@code traceparent} travels in the protocol's {@code tracing} field (HMAC-signed with it) through
 * the embedded broadcaster (which relays it) to the receive endpoint, and the
 * {@code pubsub.listener} span is a child of the publish span in the same trace. A notification
 * made outside any observation carries no tracing and starts a new trace on the listener.
 */
@SpringBootTest(classes = HttpPubSubTracePropagationTests.Config.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "pubsub.observation.enabled=true")
@EmbeddedHttpPubSub(client = "orders", auth = HttpPubSubAuth.Mode.HMAC)
class HttpPubSubTracePropagationTests {

	@Autowired
	private DefaultHttpPubSubClient client;

	@Autowired
	private EmbeddedHttpPubSubBroadcaster broadcaster;

	@Autowired
	private Config config;

	@Autowired
	private Tracer tracer;

	@Test
	void theListenerSpanIsAChildOfThePublishSpanInTheSameTrace() throws Exception {
		awaitSubscribed();
		String id = UUID.randomUUID().toString();
		// the publish runs inside a span of the test's own, so its span can be told from the others
		ScopedSpan request = this.tracer.startScopedSpan("request " + id);
		try {
			this.client.publish("orders/created", new Order(id)).get(30, TimeUnit.SECONDS);
		}
		finally {
			request.end();
		}
		PubSubMessage received = awaitReceived(id);

		MutableSpan publish = awaitSpan((span) -> "orders publish".equals(span.name())
				&& request.context().spanId().equals(span.parentId()));
		MutableSpan listener = awaitListenerSpan(id);
		assertThat(publish.traceId()).isEqualTo(request.context().traceId());
		assertThat(publish.kind()).isEqualTo(brave.Span.Kind.PRODUCER);
		assertThat(listener.kind()).isEqualTo(brave.Span.Kind.CONSUMER);
		assertThat(listener.traceId()).isEqualTo(publish.traceId());
		assertThat(listener.parentId()).isEqualTo(publish.id());

		// the carried fields are a message header, so other providers (and the application) can use them
		Object tracing = received.headers().get(PubSubHeaders.TRACING);
		assertThat(tracing).isInstanceOf(Map.class);
		assertThat(((Map<?, ?>) tracing).get("traceparent"))
			.isEqualTo("00-" + publish.traceId() + "-" + publish.id() + "-01");
	}

	@Test
	void aNotificationOutsideAnObservationStartsANewTrace() throws Exception {
		awaitSubscribed();
		String traced = UUID.randomUUID().toString();
		this.client.publish("orders/created", new Order(traced)).get(30, TimeUnit.SECONDS);
		String untraced = UUID.randomUUID().toString();
		// notify(..) is not a publish: no pubsub.publish observation, so no trace context to carry
		this.client.notify("orders/created", new Order(untraced)).get(30, TimeUnit.SECONDS);

		// delivery with tracing shown first, on the same subscription
		assertThat(awaitReceived(traced).headers().get(PubSubHeaders.TRACING)).isNotNull();
		assertThat(awaitListenerSpan(traced).parentId()).isNotNull();
		PubSubMessage received = awaitReceived(untraced);
		assertThat(received.headers().get(PubSubHeaders.TRACING)).isNull();
		MutableSpan listener = awaitListenerSpan(untraced);
		assertThat(listener.parentId()).isNull();
		assertThat(listener.traceId()).isNotEqualTo(awaitListenerSpan(traced).traceId());
	}

	private void awaitSubscribed() {
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.client.state() == ConnectionState.CONNECTED
					&& this.broadcaster.subscriptionCount(this.client.receiveUrl()) == 1);
	}

	private PubSubMessage awaitReceived(String id) {
		await().atMost(30, TimeUnit.SECONDS)
			.until(() -> this.config.received.stream().anyMatch((message) -> id.equals(orderId(message))));
		return this.config.received.stream().filter((message) -> id.equals(orderId(message))).findFirst().orElseThrow();
	}

	private static String orderId(PubSubMessage message) {
		return message.payloadAs(Order.class).id();
	}

	/** The listener's span for an order: the observation filter tags it with the order id. */
	private MutableSpan awaitListenerSpan(String id) {
		return awaitSpan((span) -> "order-listener process".equals(span.name()) && id.equals(span.tag("order.id")));
	}

	private MutableSpan awaitSpan(Predicate<MutableSpan> wanted) {
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.config.spans.stream().anyMatch(wanted));
		return this.config.spans.stream().filter(wanted).findFirst().orElseThrow();
	}

	record Order(String id) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class Config {

		final List<PubSubMessage> received = new CopyOnWriteArrayList<>();

		final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

		@Bean(destroyMethod = "close")
		Tracing tracing() {
			return Tracing.newBuilder()
				.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
				.propagationFactory(new W3CPropagation())
				.traceId128Bit(true)
				.sampler(Sampler.ALWAYS_SAMPLE)
				.addSpanHandler(new SpanHandler() {

					@Override
					public boolean end(TraceContext context, MutableSpan span, Cause cause) {
						Config.this.spans.add(span);
						return true;
					}

				})
				.build();
		}

		@Bean
		BraveTracer tracer(Tracing tracing) {
			return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
					new BraveBaggageManager());
		}

		@Bean
		ObservationRegistry observationRegistry(Tracing tracing, BraveTracer tracer) {
			BravePropagator propagator = new BravePropagator(tracing);
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
						new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
						new DefaultTracingObservationHandler(tracer)))
				.observationFilter((context) -> {
					// tag each span with the order it is about, to find it among the others
					if (context instanceof PubSubListenerObservationContext listener) {
						context.addHighCardinalityKeyValue(KeyValue.of("order.id",
								listener.getMessage().payloadAs(Order.class).id()));
					}
					return context;
				});
			return registry;
		}

		@PubSubListener(id = "order-listener", value = "orders/created")
		void onOrder(PubSubMessage message) {
			this.received.add(message);
		}

	}

}
