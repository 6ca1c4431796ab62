package dev.pubsub.realtime;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

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
import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.GatewayConnection;
import dev.pubsub.test.realtime.JwtTestTokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A subscription the embedded gateway's topic permissions forbid (it closes the connection with
 * 1008 and the documented reason) is never silently removed: it is reported as an event and in
 * health, subscribed again after each reconnect, and held once the permissions allow it.
 */
class RealtimeForbiddenTopicTests {

	private EmbeddedRealtimeGateway gateway;

	private DefaultRealtimeClient client;

	private final AtomicReference<List<String>> permissions = new AtomicReference<>(
			List.of(JwtTestTokens.read("public/*"), JwtTestTokens.write("*")));

	private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() {
		this.gateway = EmbeddedRealtimeGateway.builder().start();
		RealtimeAccessTokenProvider tokens = () -> this.gateway.tokens().mint("limited", this.permissions.get());
		this.client = new DefaultRealtimeClient("limited", new StandardWebSocketClient(),
				RealtimeUrlProvider.of(this.gateway.url(), this.gateway.appId(), tokens), JsonMapper.builder().build(),
				RealtimeClients.FAST, Duration.ofSeconds(5), Duration.ofSeconds(5), 1024 * 1024);
		this.client.addConnectionListener(this.events::add);
	}

	@AfterEach
	void stop() {
		this.client.destroy();
		this.gateway.stop();
	}

	@Test
	void forbiddenTopicIsReportedRetriedAfterEachReconnectAndHeldOnceAllowed() {
		Set<String> news = ConcurrentHashMap.newKeySet();
		Set<String> vault = ConcurrentHashMap.newKeySet();
		this.client.subscribe("public/news.*", (message) -> news.add(message.asString()));
		this.client.connect().join();
		String first = this.client.connectionInfo().id();
		await().until(() -> this.gateway.subscribers("public/news").contains(first));
		this.gateway.publish("public/news", "item", "before");
		await().until(() -> news.contains("before"));

		this.client.subscribe("secure/vault.*", (message) -> vault.add(message.asString()));

		await().atMost(Duration.ofSeconds(10)).until(() -> forbiddenEvent().isPresent());
		ConnectionEvent refused = forbiddenEvent().get();
		assertThat(refused.cause()).isInstanceOf(PubSubAuthenticationException.class)
			.hasMessageContaining("'secure/vault'")
			.hasMessageContaining("subscribed again after the reconnect");
		assertThat(refused.details()).containsEntry("closeCode", EmbeddedRealtimeGateway.SECURE_FORBIDDEN_CODE)
			.containsEntry("closeReason", EmbeddedRealtimeGateway.SECURE_FORBIDDEN_REASON);
		assertThat(this.client.remoteTopics()).containsExactlyInAnyOrder("public/news", "secure/vault");
		assertThat(this.client.unheldSubscriptions()).containsOnlyKeys("secure/vault");
		Health health = new PubSubClientHealthIndicator(this.client).health(true);
		assertThat(health.getStatus()).isIn(Status.DOWN, Status.OUT_OF_SERVICE);
		assertThat(health.getDetails()).containsKey("unheldSubscriptions");
		assertThat(health.getDetails().get("unheldSubscriptions")).isInstanceOfSatisfying(Map.class,
				(unheld) -> assertThat(unheld.keySet()).containsExactly("secure/vault"));

		await().atMost(Duration.ofSeconds(10)).until(() -> laterConnectionsSubscribingVault(first) >= 2);
		assertThat(forbiddenEvents()).hasSizeGreaterThanOrEqualTo(2);

		this.permissions.set(RealtimeClients.all());
		await().atMost(Duration.ofSeconds(20)).until(() -> this.client.isConnected()
				&& this.gateway.subscribers("secure/vault").contains(this.client.connectionInfo().id())
				&& this.client.unheldSubscriptions().isEmpty());
		this.gateway.publish("secure/vault", "item", "inside");
		this.gateway.publish("public/news", "item", "after");
		await().until(() -> vault.contains("inside") && news.contains("after"));
		assertThat(new PubSubClientHealthIndicator(this.client).health(true).getStatus()).isEqualTo(Status.UP);
	}

	@Test
	void unsubscribingAForbiddenTopicClearsItFromHealth() {
		var subscription = this.client.subscribe("secure/vault.*", (message) -> {
		});
		this.client.subscribe("public/news.*", (message) -> {
		});
		this.client.connect().join();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.client.unheldSubscriptions().isEmpty());
		subscription.cancel();
		assertThat(this.client.unheldSubscriptions()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.client.isConnected()
				&& this.gateway.subscribers("public/news").contains(this.client.connectionInfo().id()));
		assertThat(this.client.remoteTopics()).containsExactly("public/news");
	}

	private java.util.Optional<ConnectionEvent> forbiddenEvent() {
		return forbiddenEvents().stream().findFirst();
	}

	private List<ConnectionEvent> forbiddenEvents() {
		return this.events.stream()
			.filter((event) -> event.type() == ConnectionEventType.ERROR
					&& "secure/vault".equals(event.details().get("forbiddenTopic")))
			.toList();
	}

	private long laterConnectionsSubscribingVault(String first) {
		return this.gateway.connectionHistory().stream()
			.filter((connection) -> !connection.id().equals(first))
			.filter((connection) -> subscribedVault(connection))
			.count();
	}

	private static boolean subscribedVault(GatewayConnection connection) {
		return connection.receivedFrames().stream()
			.anyMatch((frame) -> frame.text().contains("\"subscribe\"") && frame.text().contains("secure/vault"));
	}

}
