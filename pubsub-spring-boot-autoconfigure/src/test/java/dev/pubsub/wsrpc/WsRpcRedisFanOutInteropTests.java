package dev.pubsub.wsrpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.pubsub.autoconfigure.WsRpcBroadcastHealthIndicator;
import dev.pubsub.interop.InteropPeers;
import dev.pubsub.wsrpc.WsRpcTestClients.Inbox;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Spring instances of the endpoint ({@code pubsub.wsrpc.server.broadcast.type=redis}, each on
 * the connection Boot builds from {@code spring.data.redis.*}) and the real Python
 * {@code PubSubEndpoint} (with its {@code broadcaster}) on one real, password-protected
 * {@code redis-server}: a client on instance 2 gets every event published on instance 1 and on the
 * Python server exactly once; the broadcaster's health follows Redis down and up.
 * <p>
 * Instance 1 connects with {@code spring.data.redis.url} (ACL user, password, database), instance 2
 * with {@code host}/{@code port}/{@code username}/{@code password}/{@code database}; the Python
 * backend only knows the default user's password. Pub/sub channels are global to the server, so
 * the databases do not matter for the fan-out.
 */
class WsRpcRedisFanOutInteropTests {

	private static final String USER = "fanout";

	private static final String USER_PASSWORD = "fan-out-pw";

	private static final String DEFAULT_PASSWORD = "py-pw";

	private static final int EVENTS_PER_SOURCE = 25;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private int redisPort;

	private PeerProcess redis;

	private EndpointServer spring1;

	private EndpointServer spring2;

	private DefaultWsRpcPubSubClient publisher1;

	private DefaultWsRpcPubSubClient publisherPy;

	private DefaultWsRpcPubSubClient subscriber2;

	private final Inbox inbox2 = new Inbox();

	@BeforeEach
	void startCluster() throws Exception {
		this.redisPort = InteropPeers.freePort();
		this.redis = startRedis();
		int pythonPort = InteropPeers.freePort();
		this.resources.add(PeerProcess.pythonServer(pythonPort,
				"redis://:" + DEFAULT_PASSWORD + "@127.0.0.1:" + this.redisPort));
		this.spring1 = EndpointServer.start("pubsub.wsrpc.server.broadcast.type=redis",
				"pubsub.wsrpc.server.broadcast.recovery-interval=200ms", "spring.data.redis.timeout=5s",
				"spring.data.redis.url=redis://" + USER + ":" + USER_PASSWORD + "@127.0.0.1:" + this.redisPort + "/2");
		this.resources.add(this.spring1);
		this.spring2 = EndpointServer.start("pubsub.wsrpc.server.broadcast.type=redis",
				"pubsub.wsrpc.server.broadcast.recovery-interval=200ms", "spring.data.redis.timeout=5s",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redisPort,
				"spring.data.redis.username=" + USER, "spring.data.redis.password=" + USER_PASSWORD,
				"spring.data.redis.database=4");
		this.resources.add(this.spring2);
		this.publisher1 = connect("publisher-1", this.spring1.url(), null);
		// the Python endpoint shares its clients' events (and reads Redis) only while a client is connected
		this.publisherPy = connect("publisher-py", "ws://127.0.0.1:" + pythonPort + "/pubsub", null);
		this.subscriber2 = connect("subscriber-2", this.spring2.url(), this.inbox2);
		awaitLinked();
	}

	private DefaultWsRpcPubSubClient connect(String name, String url, Inbox inbox) throws Exception {
		DefaultWsRpcPubSubClient client = WsRpcTestClients.client(name, url);
		this.resources.add(client::destroy);
		if (inbox != null) {
			client.subscribe("fan", inbox::add);
			client.subscribe("fan.end", inbox::add);
			client.subscribe("probe", inbox::add);
		}
		client.connect().get(20, TimeUnit.SECONDS);
		if (inbox != null) {
			await().until(() -> client.remoteTopics().contains("probe"));
		}
		return client;
	}

	private PeerProcess startRedis() {
		PeerProcess process = PeerProcess.start(InteropPaths.interop(),
				List.of(InteropPaths.redisServer().toString(), "--port", String.valueOf(this.redisPort), "--bind",
						"127.0.0.1", "--save", "", "--appendonly", "no", "--requirepass", DEFAULT_PASSWORD, "--user",
						USER, "on", ">" + USER_PASSWORD, "~*", "&*", "+@all"));
		await().atMost(Duration.ofSeconds(20)).until(() -> accepts(this.redisPort));
		return process;
	}

	private static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** Both sources reach instance 2 once a probe from each has crossed. */
	private void awaitLinked() {
		try {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
				this.publisher1.publish(List.of("probe"), "from-1", true).get(5, TimeUnit.SECONDS);
				this.publisherPy.publish(List.of("probe"), "from-py", true).get(5, TimeUnit.SECONDS);
				return this.inbox2.payloads().containsAll(List.of("\"from-1\"", "\"from-py\""));
			});
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			throw new AssertionError("Instances not linked: instance 2 got " + this.inbox2.payloads() + "; bridge 1 "
					+ counters(this.spring1) + ", bridge 2 " + counters(this.spring2), ex);
		}
	}

	private static String counters(EndpointServer server) {
		WsRpcBroadcastBridge bridge = server.bean(WsRpcBroadcastBridge.class);
		return "sent " + bridge.sent() + " received " + bridge.received() + " echoes " + bridge.echoes()
				+ " failures " + bridge.failures();
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

	private List<String> ids(String topic) {
		return this.inbox2.messages.stream()
			.filter((message) -> message.topic().equals(topic))
			.map((message) -> message.payloadAsJson().path("id").asString())
			.toList();
	}

	@Test
	void instanceTwoGetsEveryEventOfInstanceOneAndOfThePythonServerExactlyOnce() throws Exception {
		List<String> expected = new ArrayList<>();
		for (int i = 0; i < EVENTS_PER_SOURCE; i++) {
			String fromSpring = "spring-1-" + i;
			String fromPython = "python-" + i;
			assertThat(this.publisher1.publish(List.of("fan"), Map.of("id", fromSpring), true).get(5, TimeUnit.SECONDS))
				.isTrue();
			assertThat(this.publisherPy.publish(List.of("fan"), Map.of("id", fromPython), true).get(5, TimeUnit.SECONDS))
				.isTrue();
			expected.add(fromSpring);
			expected.add(fromPython);
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> ids("fan").containsAll(expected));
		// a sentinel from each source, sent after every event arrived: a duplicate would have had time to arrive
		this.publisher1.publish(List.of("fan.end"), Map.of("id", "end-1"), true).get(5, TimeUnit.SECONDS);
		this.publisherPy.publish(List.of("fan.end"), Map.of("id", "end-py"), true).get(5, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(30)).until(() -> ids("fan.end").containsAll(List.of("end-1", "end-py")));
		assertThat(ids("fan")).containsExactlyInAnyOrderElementsOf(expected);
		assertThat(ids("fan.end")).containsExactlyInAnyOrder("end-1", "end-py");
		// instance 2 received the Python events and instance 1's through Redis, and dropped none of its own
		WsRpcBroadcastBridge bridge2 = this.spring2.bean(WsRpcBroadcastBridge.class);
		assertThat(bridge2.received()).isGreaterThanOrEqualTo(2L * EVENTS_PER_SOURCE + 2);
		assertThat(bridge2.failures()).isZero();
	}

	@Test
	void healthFollowsRedisDownAndUpAndFanOutResumes() throws Exception {
		WsRpcBroadcastHealthIndicator health = this.spring2.bean(WsRpcBroadcastHealthIndicator.class);
		Health up = health.health(true);
		assertThat(up.getStatus()).isEqualTo(Status.UP);
		assertThat(up.getDetails()).containsEntry("backend", "redis")
			.containsEntry("channel", "EventNotifier")
			.containsEntry("reachable", true)
			.containsEntry("listening", true);
		this.redis.close();
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Health down = health.health(true);
			assertThat(down.getStatus()).isEqualTo(Status.DOWN);
			assertThat(down.getDetails()).containsEntry("channel", "EventNotifier")
				.containsEntry("reachable", false)
				.containsKey("error");
		});
		this.redis = startRedis();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
			.until(() -> health.health(true).getStatus().equals(Status.UP));
		// UP means shared again: an event of instance 1 reaches instance 2 through the restarted Redis
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
			this.publisher1.publish(List.of("fan"), Map.of("id", "after-restart"), true).get(5, TimeUnit.SECONDS);
			return ids("fan").contains("after-restart");
		});
	}

}
