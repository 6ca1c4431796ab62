package dev.pubsub.httppubsub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.interop.InteropPeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real lonelypss broadcaster accepts a notification whose {@code tracing} field carries the
 * publish observation's propagation fields, over HTTP and over its websocket, with HMAC auth (whose
 * signature covers the field). A handler that plays the tracer writes a W3C {@code traceparent}
 * into the {@code pubsub.publish} observation's carrier. lonelypss 0.0.12's simple tracer does not
 * relay the field to subscribers (it sends them an empty one), so the message arrives without
 * {@link PubSubHeaders#TRACING}; that the field is relayed end to end is shown against the embedded
 * broadcaster ({@code HttpPubSubTracePropagationTests} in the test module).
 */
class HttpPubSubRealBroadcasterTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "http", "websocket" })
	void aNotificationWithTracingIsAcceptedAndDelivered(String transport) throws Exception {
		try (RealBroadcaster broadcaster = RealBroadcaster.start(this.temp.resolve("broadcaster"), "hmac");
				ConfigurableApplicationContext context = startApp(broadcaster, transport)) {
			PubSubClient client = context.getBean("orders", PubSubClient.class);
			TraceparentWriter writer = context.getBean(TraceparentWriter.class);
			List<PubSubMessage> received = new CopyOnWriteArrayList<>();
			client.subscribe("orders/traced", received::add);
			await().atMost(WAIT).until(client::isConnected);
			if (client instanceof DefaultHttpPubSubClient http) {
				await().atMost(WAIT).until(() -> http.checkSubscriptions().get(10, TimeUnit.SECONDS));
			}

			assertThat(client.publish("orders/traced", "with tracing").get(30, TimeUnit.SECONDS).recipients())
				.isEqualTo(1);
			assertThat(writer.written).isEqualTo(1);
			await().atMost(WAIT).until(() -> received.size() == 1);
			assertThat(received.get(0).asString()).isEqualTo("with tracing");
			// lonelypss's simple tracer sends subscribers an empty tracing field
			assertThat(received.get(0).headers().get(PubSubHeaders.TRACING)).isNull();
			if (client instanceof DefaultHttpPubSubClient http) {
				assertThat(http.inboundMetrics().refused()).isZero();
			}
		}
	}

	private ConfigurableApplicationContext startApp(RealBroadcaster broadcaster, String transport) {
		int port = InteropPeers.freePort();
		return new SpringApplicationBuilder(App.class)
			.web("http".equals(transport) ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.properties("server.port=" + port, "server.address=127.0.0.1", "pubsub.observation.enabled=true",
					"pubsub.clients.orders.type=httppubsub", "pubsub.clients.orders.httppubsub.transport=" + transport,
					"pubsub.clients.orders.reconnect.initial-delay=200ms",
					"pubsub.clients.orders.reconnect.max-delay=1s",
					"pubsub.clients.orders.httppubsub.broadcasters=" + broadcaster.url(),
					"pubsub.clients.orders.httppubsub.callback-base-url=http://127.0.0.1:" + port,
					"pubsub.clients.orders.httppubsub.secrets-file=" + broadcaster.subscriberSecrets(),
					"pubsub.clients.orders.httppubsub.retries=1")
			.run();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		TraceparentWriter traceparentWriter() {
			return new TraceparentWriter();
		}

		@Bean
		ObservationRegistry observationRegistry(TraceparentWriter writer) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(writer);
			return registry;
		}

	}

	/**
	 * What a propagating sender handler does on start: writes the trace context into the carrier.
	 */
	static class TraceparentWriter implements ObservationHandler<SenderContext<Object>> {

		volatile int written;

		@Override
		public void onStart(SenderContext<Object> context) {
			Object carrier = context.getCarrier();
			if (carrier != null) {
				context.getSetter().set(carrier, "traceparent", TRACEPARENT);
				this.written++;
			}
		}

		@Override
		public boolean supportsContext(Observation.Context context) {
			return context instanceof SenderContext<?>;
		}

	}

}
