package dev.pubsub.tls;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.autoconfigure.EmitterAutoConfiguration;
import dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.httppubsub.HttpPubSubClient;
import dev.pubsub.httppubsub.WebsocketHttpPubSubClient;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;

import static dev.pubsub.tls.SslBundleWebSocketClientsTests.TRUST_SERVER;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.TRUST_WRONG_HOST;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.UNTRUSTED;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.WAIT;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.WRONG_HOST;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.assertHandshakeFails;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.assertRoundTrip;
import static dev.pubsub.tls.SslBundleWebSocketClientsTests.runner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ssl.bundle} on the Emitter (MQTT over TLS through Paho's socket factory) and httppubsub
 * (https requests with the JDK {@code HttpClient}; the {@code wss://} connection of its websocket transport)
 * clients, over real TLS in front of the embedded
 * broker and broadcaster (see {@link TlsTerminatingProxy}).
 */
class SslBundleEmitterAndHttpPubSubTests {

	private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	// ---- Emitter ----

	@Test
	void emitterRoundTripsThroughTlsWithTheBundle() throws Exception {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();
		this.resources.add(broker::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broker.port());
		emitter(proxy, broker, "pubsub.clients.iot.emitter.ssl.bundle=test", TRUST_SERVER).run((context) -> {
			assertThat(context).hasNotFailed();
			EmitterClient client = context.getBean("iot", EmitterClient.class);
			await().atMost(WAIT).until(client::isConnected);
			PublishOptions ack = PublishOptions.builder().awaitAck(true).build();
			assertRoundTrip(client, "sensors/kitchen/",
					(id) -> client.publish("sensors/kitchen/", Map.of("id", id), ack).join());
			assertThat(proxy.handshakes()).isNotEmpty();
		});
	}

	@Test
	void emitterRefusesAnOversizedPacketThroughTlsAndReconnects() throws Exception {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();
		this.resources.add(broker::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broker.port());
		emitter(proxy, broker, "pubsub.clients.iot.emitter.ssl.bundle=test", TRUST_SERVER,
				"pubsub.clients.iot.emitter.max-inbound-packet-size=4096", "pubsub.clients.iot.reconnect.enabled=true",
				"pubsub.clients.iot.reconnect.initial-delay=50ms", "pubsub.clients.iot.reconnect.max-delay=200ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EmitterClient client = context.getBean("iot", EmitterClient.class);
				await().atMost(WAIT).until(client::isConnected);
				List<String> received = new CopyOnWriteArrayList<>();
				client.subscribe("sensors/kitchen/", (message) -> received.add(message.asString()));
				await().atMost(WAIT).until(() -> broker.faults().hasSubscriber("sensors/kitchen/"));
				broker.faults().publish("sensors/kitchen/", "before".getBytes(StandardCharsets.UTF_8));
				await().atMost(WAIT).until(() -> received.contains("before"));
				int handshakes = proxy.handshakes().size();

				// decrypted by TLS, refused by its MQTT header: the connection is re-established
				broker.faults().publish("sensors/kitchen/", new byte[8192]);
				await().atMost(WAIT).until(() -> client.metrics().malformed() == 1);
				await().atMost(WAIT).until(() -> proxy.handshakes().size() > handshakes && client.isConnected()
						&& broker.connectionCount() == 1 && broker.faults().hasSubscriber("sensors/kitchen/"));
				broker.faults().publish("sensors/kitchen/", "after".getBytes(StandardCharsets.UTF_8));
				await().atMost(WAIT).until(() -> received.contains("after"));
				assertThat(received).containsExactly("before", "after");
				assertThat(client.metrics().malformed()).isEqualTo(1);
			});
	}

	@Test
	void emitterTlsWithoutTheBundleFailsTheHandshakeAgainstTheDefaultTrustStore() throws Exception {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();
		this.resources.add(broker::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broker.port());
		emitter(proxy, broker, "pubsub.clients.iot.auto-connect=false", "pubsub.clients.iot.emitter.tls=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertHandshakeFails(context.getBean("iot", EmitterClient.class), proxy, UNTRUSTED);
			});
	}

	@Test
	void emitterVerifiesTheHostnameEvenWhenTheBundleTrustsTheCertificate() throws Exception {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();
		this.resources.add(broker::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.WRONG_HOST, broker.port());
		emitter(proxy, broker, "pubsub.clients.iot.auto-connect=false", "pubsub.clients.iot.emitter.ssl.bundle=test",
				TRUST_WRONG_HOST)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertHandshakeFails(context.getBean("iot", EmitterClient.class), proxy, WRONG_HOST);
			});
	}

	@Test
	void emitterAppliesTheBundlesProtocols() throws Exception {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();
		this.resources.add(broker::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broker.port());
		emitter(proxy, broker, "pubsub.clients.iot.emitter.ssl.bundle=test", TRUST_SERVER,
				"spring.ssl.bundle.pem.test.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				EmitterClient client = context.getBean("iot", EmitterClient.class);
				await().atMost(WAIT).until(client::isConnected);
				assertThat(proxy.handshakes()).containsOnly("TLSv1.2");
			});
	}

	// ---- httppubsub (http transport) ----

	@Test
	void httpPubSubSubscribesAndPublishesThroughHttpsWithTheBundle() throws Exception {
		EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.create().start();
		this.resources.add(broadcaster::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broadcaster.port());
		httpPubSub(proxy, "pubsub.clients.orders.httppubsub.ssl.bundle=test", TRUST_SERVER,
				"spring.ssl.bundle.pem.test.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				HttpPubSubClient client = context.getBean("orders", HttpPubSubClient.class);
				await().atMost(WAIT).until(client::isConnected);
				client.subscribe("orders", (message) -> {
				});
				await().atMost(WAIT).until(() -> broadcaster.subscriptionCount(RECEIVE_URL) == 1);
				long before = broadcaster.notifications();
				client.publish("audit", Map.of("id", UUID.randomUUID().toString()))
					.get(WAIT.toSeconds(), TimeUnit.SECONDS);
				assertThat(broadcaster.notifications()).isEqualTo(before + 1);
				assertThat(proxy.handshakes()).isNotEmpty().containsOnly("TLSv1.2");
			});
	}

	@Test
	void httpPubSubWithoutTheBundleFailsTheHandshakeAgainstTheDefaultTrustStore() throws Exception {
		EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.create().start();
		this.resources.add(broadcaster::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broadcaster.port());
		httpPubSub(proxy, "pubsub.clients.orders.auto-connect=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertHandshakeFails(context.getBean("orders", HttpPubSubClient.class), proxy, UNTRUSTED);
		});
	}

	@Test
	void httpPubSubWebsocketTransportRoundTripsThroughWssWithTheBundle() throws Exception {
		// the client's notify goes out over wss://.../v1/websocket and comes back on the same socket
		EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.create().start();
		this.resources.add(broadcaster::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broadcaster.port());
		httpPubSub(proxy, "pubsub.clients.orders.httppubsub.transport=websocket",
				"pubsub.clients.orders.httppubsub.ssl.bundle=test", TRUST_SERVER,
				"spring.ssl.bundle.pem.test.options.enabled-protocols=TLSv1.2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				WebsocketHttpPubSubClient client = context.getBean("orders", WebsocketHttpPubSubClient.class);
				await().atMost(WAIT).until(client::isConnected);
				assertRoundTrip(client, "orders", (id) -> client.publish("orders", Map.of("id", id)).join());
				assertThat(proxy.handshakes()).isNotEmpty().containsOnly("TLSv1.2");
				assertThat(proxy.failedHandshakes()).isEmpty();
			});
	}

	@Test
	void httpPubSubWebsocketTransportWithoutTheBundleFailsTheHandshake() throws Exception {
		EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.create().start();
		this.resources.add(broadcaster::stop);
		TlsTerminatingProxy proxy = proxy(TlsTerminatingProxy.SERVER, broadcaster.port());
		httpPubSub(proxy, "pubsub.clients.orders.auto-connect=false",
				"pubsub.clients.orders.httppubsub.transport=websocket")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertHandshakeFails(context.getBean("orders", WebsocketHttpPubSubClient.class), proxy, UNTRUSTED);
			});
	}

	// ---- helpers ----

	/** Where the broadcaster would deliver (nothing listens there: these tests check the outbound side). */
	private static final String RECEIVE_URL = "http://127.0.0.1:9/pubsub/httppubsub/orders/receive";

	private TlsTerminatingProxy proxy(String certificate, int backendPort) throws Exception {
		TlsTerminatingProxy proxy = TlsTerminatingProxy.start(certificate, backendPort);
		this.resources.add(0, proxy);
		return proxy;
	}

	private static ApplicationContextRunner emitter(TlsTerminatingProxy proxy, EmbeddedEmitterBroker broker,
			String... properties) {
		return runner(EmitterAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.reconnect.enabled=false",
					"pubsub.clients.iot.emitter.host=127.0.0.1", "pubsub.clients.iot.emitter.port=" + proxy.port(),
					"pubsub.clients.iot.emitter.channel-keys.sensors=" + broker.createKey("sensors/#/", "rw"))
			.withPropertyValues(properties);
	}

	private static ApplicationContextRunner httpPubSub(TlsTerminatingProxy proxy, String... properties) {
		return runner(HttpPubSubAutoConfiguration.class)
			.withPropertyValues("pubsub.clients.orders.type=httppubsub", "pubsub.clients.orders.reconnect.enabled=false",
					"pubsub.clients.orders.httppubsub.broadcasters=https://127.0.0.1:" + proxy.port(),
					"pubsub.clients.orders.httppubsub.callback-base-url=http://127.0.0.1:9")
			.withPropertyValues(properties);
	}

}
