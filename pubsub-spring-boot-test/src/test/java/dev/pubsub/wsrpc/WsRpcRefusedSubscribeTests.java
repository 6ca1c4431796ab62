package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.autoconfigure.PubSubClientHealthIndicator;
import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;
import dev.pubsub.wsrpc.server.WsRpcAuthorizer;
import dev.pubsub.wsrpc.server.WsRpcEndpointSettings;
import dev.pubsub.wsrpc.server.WsRpcSessionInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The wsrpc client against the Spring-hosted endpoint ({@code WsRpcEndpointHandler} on an embedded
 * Tomcat) whose {@code authorizeSubscribe} refuses a topic: the client does not count the topic as
 * held, reports it (event, health {@code OUT_OF_SERVICE} with details), retries it with backoff, and
 * holds it (health {@code UP}, deliveries arrive) once the authorizer allows it.
 */
class WsRpcRefusedSubscribeTests {

	private final AtomicBoolean allowGuarded = new AtomicBoolean();

	private final AtomicInteger guardedAttempts = new AtomicInteger();

	/** Makes the endpoint answer the next subscribe to "guarded" only after this many ms. */
	private final AtomicInteger stallNextGuardedMillis = new AtomicInteger();

	private EmbeddedWsRpcServer server;

	private DefaultWsRpcPubSubClient client;

	private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		WsRpcAuthorizer authorizer = new WsRpcAuthorizer() {

			@Override
			public boolean authorizeSubscribe(WsRpcSessionInfo session, List<String> topics) {
				if (!topics.contains("guarded")) {
					return true;
				}
				WsRpcRefusedSubscribeTests.this.guardedAttempts.incrementAndGet();
				int stall = WsRpcRefusedSubscribeTests.this.stallNextGuardedMillis.getAndSet(0);
				if (stall > 0) {
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(stall));
				}
				return WsRpcRefusedSubscribeTests.this.allowGuarded.get();
			}

		};
		this.server = new EmbeddedWsRpcServer(0, WsRpcEndpointSettings.defaults(), authorizer).start();
		this.client = client(Duration.ofSeconds(5));
	}

	private DefaultWsRpcPubSubClient client(Duration requestTimeout) {
		DefaultWsRpcPubSubClient created = new DefaultWsRpcPubSubClient("refused", JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.0,
						ReconnectPolicy.UNLIMITED),
				requestTimeout, new StandardWebSocketClient(ContainerProvider.getWebSocketContainer()),
				WsRpcClientOptions.of(URI.create(this.server.endpointUrl())));
		created.addConnectionListener(this.events::add);
		return created;
	}

	@AfterEach
	void stop() {
		this.client.destroy();
		this.server.stop();
	}

	@Test
	void refusedSubscribeIsReportedRetriedAndHeldOnceAllowed() throws Exception {
		Set<String> open = ConcurrentHashMap.newKeySet();
		Set<String> guarded = ConcurrentHashMap.newKeySet();
		this.client.subscribe("open", (message) -> open.add(message.payloadAsJson().asString()));
		this.client.subscribe("guarded", (message) -> guarded.add(message.payloadAsJson().asString()));
		this.client.connect().get(10, TimeUnit.SECONDS);

		await().until(() -> this.server.notifier().subscriberCount("open") == 1);
		this.server.publisher().publish("open", "first").get(5, TimeUnit.SECONDS);
		await().until(() -> open.contains("first"));
		assertThat(this.server.notifier().subscriberCount("guarded")).isZero();
		assertThat(this.client.remoteTopics()).containsExactly("open");
		assertThat(this.client.unheldSubscriptions()).containsOnlyKeys("guarded");
		assertThat(this.client.unheldSubscriptions().get("guarded")).contains("refused");
		await().until(() -> refusedEvents().size() >= 2);
		assertThat(refusedEvents()).allSatisfy((event) -> assertThat(event.details().get("refusedTopics"))
			.isInstanceOfSatisfying(List.class, (topics) -> assertThat(topics).contains("guarded")));
		assertThat(refusedEvents().get(refusedEvents().size() - 1).details()).containsEntry("refusedTopics",
				List.of("guarded"));

		Health refused = new PubSubClientHealthIndicator(this.client).health(true);
		assertThat(refused.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(refused.getDetails().get("unheldSubscriptions")).isInstanceOfSatisfying(Map.class,
				(unheld) -> assertThat(unheld.keySet()).containsExactly("guarded"));

		int before = this.guardedAttempts.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.guardedAttempts.get() >= before + 2);
		assertThat(this.client.isConnected()).isTrue();

		this.allowGuarded.set(true);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.client.unheldSubscriptions().isEmpty());
		assertThat(this.server.notifier().subscriberCount("guarded")).isEqualTo(1);
		assertThat(this.client.remoteTopics()).containsExactlyInAnyOrder("open", "guarded");
		assertThat(new PubSubClientHealthIndicator(this.client).health(true).getStatus()).isEqualTo(Status.UP);
		this.server.publisher().publish("guarded", "inside").get(5, TimeUnit.SECONDS);
		this.server.publisher().publish("open", "second").get(5, TimeUnit.SECONDS);
		await().until(() -> guarded.contains("inside") && open.contains("second"));
		assertThat(this.client.metrics().reconnects()).isZero();
	}

	@Test
	void aRefusedTopicIsRetriedOnItsOwnSoTheAllowedOnesOfTheSameBatchAreHeld() throws Exception {
		this.client.subscribe("guarded", (message) -> {
		});
		this.client.subscribe("also-open", (message) -> {
		});
		this.client.connect().get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.client.remoteTopics().contains("also-open"));
		assertThat(this.server.notifier().subscriberCount("also-open")).isEqualTo(1);
		assertThat(this.client.unheldSubscriptions()).containsOnlyKeys("guarded");
	}

	@Test
	void aSubscribeTheServerAnswersTooLateIsRetriedAndEndsHeldOnce() throws Exception {
		this.client.destroy();
		this.client = client(Duration.ofMillis(500));
		List<String> guarded = new CopyOnWriteArrayList<>();
		this.client.subscribe("guarded", (message) -> guarded.add(message.payloadAsJson().asString()));
		this.allowGuarded.set(true);
		this.stallNextGuardedMillis.set(3000);
		this.client.connect().get(10, TimeUnit.SECONDS);
		assertThat(this.client.remoteTopics()).isEmpty();
		assertThat(this.client.unheldSubscriptions().get("guarded")).contains("not answered");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.client.remoteTopics().contains("guarded"));
		assertThat(this.guardedAttempts.get()).isGreaterThanOrEqualTo(2);
		assertThat(this.client.unheldSubscriptions()).isEmpty();
		assertThat(this.server.notifier().subscriberCount("guarded")).isEqualTo(1);
		this.server.publisher().publish("guarded", "once").get(5, TimeUnit.SECONDS);
		this.server.publisher().publish("guarded", "twice").get(5, TimeUnit.SECONDS);
		this.server.publisher().publish("guarded", "sentinel").get(5, TimeUnit.SECONDS);
		await().until(() -> guarded.contains("sentinel"));
		assertThat(guarded).containsExactly("once", "twice", "sentinel");
	}

	private List<ConnectionEvent> refusedEvents() {
		return this.events.stream()
			.filter((event) -> event.type() == ConnectionEventType.ERROR && event.details().containsKey("refusedTopics"))
			.toList();
	}

}
