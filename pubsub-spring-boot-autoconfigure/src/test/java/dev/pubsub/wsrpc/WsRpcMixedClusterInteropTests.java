package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.lettuce.core.resource.Delay;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.pubsub.interop.InteropPeers;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;
import dev.pubsub.wsrpc.broadcast.RedisWsRpcBroadcaster;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A mixed cluster on one real Redis: the real Python server A (with
 * {@code broadcaster="redis://..."}) and our Spring endpoint B (with
 * {@code pubsub.wsrpc.server.broadcast.type=redis}); a client on each.
 */
class WsRpcMixedClusterInteropTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private int redisPort;

	private PeerProcess redis;

	private PeerProcess pythonA;

	private EndpointServer springB;

	private DefaultWsRpcPubSubClient clientA;

	private DefaultWsRpcPubSubClient clientB;

	private final Inbox inboxA = new Inbox();

	private final Inbox inboxB = new Inbox();

	private final List<String> tapped = new CopyOnWriteArrayList<>();

	@BeforeEach
	void startCluster() throws Exception {
		this.redisPort = InteropPeers.freePort();
		this.redis = startRedis();
		String redisUrl = "redis://127.0.0.1:" + this.redisPort;
		int portA = InteropPeers.freePort();
		this.pythonA = PeerProcess.pythonServer(portA, redisUrl);
		this.resources.add(this.pythonA);
		// the connection Boot builds from spring.data.redis.*; a short command timeout so that shares
		// attempted while Redis is down fail soon instead of after Lettuce's default 60 s
		// and Lettuce reconnecting every 200 ms instead of backing off to 30 s (docs/wsrpc.md shows the
		// same customizer), so the restart test waits for the recovery, not for a backoff
		this.springB = EndpointServer.start(List.of(FastRedisReconnect.class), "pubsub.wsrpc.server.broadcast.type=redis",
				"spring.data.redis.url=" + redisUrl, "spring.data.redis.timeout=1s",
				"pubsub.wsrpc.server.broadcast.recovery-interval=200ms");
		this.resources.add(this.springB);
		this.clientA = WsRpcTestClients.client("cluster-a", "ws://127.0.0.1:" + portA + "/pubsub");
		this.clientB = WsRpcTestClients.client("cluster-b", this.springB.url());
		this.resources.add(this.clientA::destroy);
		this.resources.add(this.clientB::destroy);
		for (DefaultWsRpcPubSubClient client : List.of(this.clientA, this.clientB)) {
			Inbox inbox = (client == this.clientA) ? this.inboxA : this.inboxB;
			client.subscribe("mix", inbox::add);
			client.subscribe("mix2", inbox::add);
			client.subscribe("probe", inbox::add);
			client.connect().get(20, TimeUnit.SECONDS);
			await().until(() -> client.remoteTopics().contains("probe"));
		}
		LettuceConnectionFactory tapFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.redisPort));
		tapFactory.afterPropertiesSet();
		tapFactory.start();
		RedisWsRpcBroadcaster tap = new RedisWsRpcBroadcaster(tapFactory, "EventNotifier", 200)
			.closingConnectionFactoryOnStop();
		tap.start(this.tapped::add);
		this.resources.add(tap::stop);
		awaitLinked();
	}

	private PeerProcess startRedis() {
		return PeerProcess.start(InteropPaths.interop(), List.of(InteropPaths.redisServer().toString(), "--port",
				String.valueOf(this.redisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
	}

	/** Both instances listen on Redis once a probe crosses in each direction. */
	private void awaitLinked() {
		this.inboxA.messages.clear();
		this.inboxB.messages.clear();
		try {
			await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
				this.clientA.publish(List.of("probe"), "a", true).get(5, TimeUnit.SECONDS);
				this.clientB.publish(List.of("probe"), "b", true).get(5, TimeUnit.SECONDS);
				return this.inboxA.topics().contains("probe") && this.inboxB.topics().contains("probe");
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			WsRpcBroadcastBridge bridge = this.springB.bean(WsRpcBroadcastBridge.class);
			throw new AssertionError("Instances not linked: at A " + this.inboxA.payloads() + ", at B "
					+ this.inboxB.payloads() + ", on Redis " + this.tapped.size() + ", bridge sent " + bridge.sent()
					+ " received " + bridge.received() + " echoes " + bridge.echoes() + " failures "
					+ bridge.failures(), ex);
		}
		this.inboxA.messages.clear();
		this.inboxB.messages.clear();
		this.tapped.clear();
	}

	@AfterEach
	void stopCluster() throws Exception {
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			this.resources.get(i).close();
		}
		if (this.redis != null) {
			this.redis.close();
		}
	}

	/** Broadcast messages seen on Redis for the given topics (late probes are ignored). */
	private List<JsonNode> tapped(String... topics) {
		List<String> wanted = List.of(topics);
		return this.tapped.stream()
			.map(WsRpcTestClients.JSON::readTree)
			.filter((message) -> wanted.contains(message.path("topics").path(0).asString()))
			.toList();
	}

	private static List<String> payloads(Inbox inbox, String topic) {
		return inbox.messages.stream()
			.filter((message) -> message.topic().equals(topic))
			.map((message) -> new String(message.payloadBytes()))
			.toList();
	}

	@Test
	void eachSideReceivesTheOthersPublishesExactlyOnce() throws Exception {
		assertThat(this.clientA.publish(List.of("mix"), "from-a", true).get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.clientB.publish(List.of("mix"), "from-b", true).get(5, TimeUnit.SECONDS)).isTrue();
		// a second topic after the first, in both directions: when it has arrived, so has anything before it
		this.clientA.publish(List.of("mix2"), "end-a", true).get(5, TimeUnit.SECONDS);
		this.clientB.publish(List.of("mix2"), "end-b", true).get(5, TimeUnit.SECONDS);
		await().until(() -> payloads(this.inboxB, "mix2").contains("\"end-a\"")
				&& payloads(this.inboxA, "mix2").contains("\"end-b\""));
		assertThat(payloads(this.inboxB, "mix")).containsExactly("\"from-a\"");
		assertThat(payloads(this.inboxA, "mix")).containsExactly("\"from-b\"");
		// on Redis: one message per event and topic, from each instance once, never re-broadcast
		await().until(() -> tapped("mix", "mix2").size() >= 4);
		// a sentinel from each side after the events, and a quiet period: a late duplicate or a
		// re-broadcast of the other side's events would show up before them or during it
		this.clientA.publish(List.of("sentinel"), "s-a", true).get(5, TimeUnit.SECONDS);
		this.clientB.publish(List.of("sentinel"), "s-b", true).get(5, TimeUnit.SECONDS);
		await().until(() -> tapped("sentinel").size() >= 2);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> tapped("mix", "mix2", "sentinel").size() == 6);
		List<JsonNode> messages = tapped("mix", "mix2");
		assertThat(messages).extracting((message) -> message.path("topics").path(0).asString() + "="
				+ message.path("data").toString())
			.containsExactlyInAnyOrder("mix=\"from-a\"", "mix=\"from-b\"", "mix2=\"end-a\"", "mix2=\"end-b\"");
		assertThat(messages).allSatisfy((message) -> {
			assertThat(message.path("topics").size()).isEqualTo(1);
			assertThat(message.path("notifier_id").asString()).hasSize(32);
		});
		assertThat(messages.stream().map((message) -> message.path("notifier_id").asString()).distinct())
			.hasSize(2);
		WsRpcBroadcastBridge bridge = this.springB.bean(WsRpcBroadcastBridge.class);
		assertThat(bridge.echoes()).isPositive();
	}

	@Test
	void multiTopicPublishIsOneRedisMessagePerTopic() throws Exception {
		assertThat(this.clientB.publish(List.of("mix", "mix2"), Map.of("k", 1), true).get(5, TimeUnit.SECONDS))
			.isTrue();
		await().until(() -> payloads(this.inboxA, "mix").size() + payloads(this.inboxA, "mix2").size() == 2);
		assertThat(payloads(this.inboxA, "mix")).containsExactly("{\"k\":1}");
		assertThat(payloads(this.inboxA, "mix2")).containsExactly("{\"k\":1}");
		await().until(() -> tapped("mix", "mix2").size() >= 2);
		this.clientB.publish(List.of("sentinel"), "s-b", true).get(5, TimeUnit.SECONDS);
		await().until(() -> tapped("sentinel").size() >= 1);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
			.until(() -> tapped("mix", "mix2", "sentinel").size() == 3);
		assertThat(tapped("mix", "mix2")).extracting((message) -> message.path("topics").path(0).asString())
			.containsExactlyInAnyOrder("mix", "mix2");
		assertThat(tapped("mix", "mix2")).allSatisfy((message) -> {
			assertThat(message.path("topics").size()).isEqualTo(1);
			assertThat(message.path("data").path("k").asInt()).isEqualTo(1);
		});
	}

	@Test
	void redisRestartMidStream() throws Exception {
		for (int i = 0; i < 5; i++) {
			this.clientB.publish(List.of("mix"), i, true).get(5, TimeUnit.SECONDS);
		}
		await().until(() -> payloads(this.inboxA, "mix").size() == 5);
		this.redis.close();
		// while Redis is down: local delivery goes on, the broadcast of each event is lost
		for (int i = 5; i < 10; i++) {
			assertThat(this.clientB.publish(List.of("mix"), i, true).get(5, TimeUnit.SECONDS)).isTrue();
		}
		WsRpcBroadcastBridge bridge = this.springB.bean(WsRpcBroadcastBridge.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> bridge.failures() >= 5);
		this.redis = startRedis();
		// A -> B recovers by itself: Python opens a fresh Redis connection per shared event, and our
		// listener re-subscribes; Lettuce's reconnect delay grows up to 30 s during an outage
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.clientA.publish(List.of("mix2"), "after", true).get(5, TimeUnit.SECONDS);
			return payloads(this.inboxB, "mix2").contains("\"after\"");
		});
		// B -> A: the Python reader task ended with the Redis connection and is restarted only when its
		// last WebSocket client leaves and one connects again
		this.clientA.disconnect();
		this.clientA.connect().get(20, TimeUnit.SECONDS);
		await().until(() -> this.clientA.remoteTopics().contains("mix"));
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			this.clientB.publish(List.of("mix"), "resumed", true).get(5, TimeUnit.SECONDS);
			return payloads(this.inboxA, "mix").contains("\"resumed\"");
		});
		List<String> atA = payloads(this.inboxA, "mix");
		assertThat(atA.subList(0, 5)).containsExactly("0", "1", "2", "3", "4");
		assertThat(atA).doesNotContain("5", "6", "7", "8", "9");
	}

	@Configuration(proxyBeanMethods = false)
	static class FastRedisReconnect {

		@Bean
		ClientResourcesBuilderCustomizer fastRedisReconnect() {
			return (builder) -> builder.reconnectDelay(Delay.constant(Duration.ofMillis(200)));
		}

	}

}
