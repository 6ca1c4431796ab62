package dev.pubsub.realtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubClientMetricsBinder;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code pubsub.clients.<name>.websocket.send-time-limit} and {@code send-buffer-limit}, end to end: a
 * Realtime client configured through properties publishes to an embedded gateway that stops reading
 * ({@code faults().suspendReading()}); the exceeded limit closes the session with 4500 and a reason naming
 * the limit, counted exactly once in the client's metrics (and its Micrometer counter), logged once, shown
 * in the reconnect log line and the connection event; the client reconnects, restores its subscription and
 * delivers.
 */
@ExtendWith(OutputCaptureExtension.class)
class RealtimeSendLimitTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private EmbeddedRealtimeGateway gateway;

	private final List<Thread> publishers = new ArrayList<>();

	private final AtomicBoolean publishing = new AtomicBoolean(true);

	@BeforeEach
	void start() {
		this.gateway = EmbeddedRealtimeGateway.builder().start();
	}

	@AfterEach
	void stop() throws InterruptedException {
		this.publishing.set(false);
		for (Thread publisher : this.publishers) {
			publisher.join(WAIT.toMillis());
		}
		this.gateway.stop();
	}

	@Test
	void aSendLongerThanTheTimeLimitClosesTheSessionOnceAndTheClientRecovers(CapturedOutput output) {
		runner("pubsub.clients.gw.websocket.send-time-limit=500ms").run((context) -> {
			assertThat(context).hasNotFailed();
			closesCountsAndRecovers(context, 1, "send-time-limit of 500 ms exceeded", output);
		});
	}

	@Test
	void concurrentSendsOverTheBufferLimitCloseTheSessionOnceAndTheClientRecovers(CapturedOutput output) {
		runner("pubsub.clients.gw.websocket.send-time-limit=3s", "pubsub.clients.gw.websocket.send-buffer-limit=64KB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				closesCountsAndRecovers(context, 4, "send-buffer-limit of 65536 bytes exceeded", output);
			});
	}

	private void closesCountsAndRecovers(ApplicationContext context, int publisherCount, String reason,
			CapturedOutput output) {
		RealtimeClient client = context.getBean("gw", RealtimeClient.class);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new PubSubClientMetricsBinder(context.getBeanProvider(PubSubClient.class)).bindTo(registry);
		List<ConnectionEvent> events = new CopyOnWriteArrayList<>();
		client.addConnectionListener(events::add);
		List<String> received = new CopyOnWriteArrayList<>();
		client.subscribe("feed.item", (message) -> received.add(message.asString()));
		await().atMost(WAIT).until(client::isConnected);
		String first = client.connectionInfo().id();
		await().atMost(WAIT).until(() -> this.gateway.subscribers("feed").contains(first));
		this.gateway.publish("feed", "item", "before");
		await().atMost(WAIT).until(() -> received.contains("before"));

		assertThat(this.gateway.faults().suspendReading()).isEqualTo(1);
		String payload = "x".repeat(16 * 1024);
		for (int i = 0; i < publisherCount; i++) {
			Thread publisher = new Thread(() -> {
				while (this.publishing.get() && client.metrics().sendLimitCloses() == 0) {
					try {
						client.publish("blob", payload, "chunk");
					}
					catch (RuntimeException ex) {
						// the session is closing: later publishes fail until the reconnect
					}
				}
			}, "publisher-" + i);
			publisher.setDaemon(true);
			publisher.start();
			this.publishers.add(publisher);
		}

		await().atMost(WAIT).until(() -> client.metrics().sendLimitCloses() == 1);
		this.publishing.set(false);
		this.gateway.faults().resumeReading();
		await().atMost(WAIT).until(() -> client.isConnected() && !first.equals(client.connectionInfo().id()));
		String second = client.connectionInfo().id();
		await().atMost(WAIT).until(() -> this.gateway.subscribers("feed").contains(second));
		this.gateway.publish("feed", "item", "after");
		await().atMost(WAIT).until(() -> received.contains("after"));

		assertThat(client.metrics().sendLimitCloses()).isEqualTo(1);
		assertThat(registry.get("pubsub.client.send.limit.closes").tag("client", "gw").functionCounter().count())
			.isEqualTo(1.0);
		assertThat(events).anySatisfy((event) -> assertThat(String.valueOf(event.cause()))
			.contains("code 4500, " + reason));
		assertThat(output.getOut() + output.getErr()).contains("code 4500, " + reason);
		String closing = "Closing the WebSocket of client 'gw' (it reconnects): " + reason;
		assertThat((output.getOut() + output.getErr()).split(java.util.regex.Pattern.quote(closing), -1))
			.as("one WARN line per close").hasSize(2);
	}

	private ApplicationContextRunner runner(String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class,
					RealtimePubSubAutoConfiguration.class))
			.withPropertyValues("pubsub.clients.gw.type=realtime", "pubsub.clients.gw.realtime.url=" + this.gateway.url(),
					"pubsub.clients.gw.realtime.app-id=" + this.gateway.appId(),
					"pubsub.clients.gw.realtime.access-token="
							+ this.gateway.tokens().mint("sender", JwtTestTokens.ALL_TOPICS),
					"pubsub.clients.gw.reconnect.initial-delay=50ms", "pubsub.clients.gw.reconnect.max-delay=500ms",
					"pubsub.clients.gw.reconnect.stable-after=0s")
			.withPropertyValues(properties);
	}

}
