package dev.pubsub.test.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.emitter.EmitterClientSettings;
import dev.pubsub.emitter.EmitterError;
import dev.pubsub.emitter.EmitterKey;
import dev.pubsub.emitter.EmitterLink;
import dev.pubsub.emitter.EmitterMe;
import dev.pubsub.emitter.EmitterPresenceEvent;
import dev.pubsub.emitter.EmitterPresenceMember;
import dev.pubsub.emitter.EmitterPresenceStatus;
import dev.pubsub.emitter.EmitterPublishOptions;
import dev.pubsub.emitter.EmitterRequestException;
import dev.pubsub.emitter.PahoEmitterClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The Emitter client's API against {@link EmbeddedEmitterBroker}.
 */
class EmbeddedEmitterBrokerTests {

	static final Duration WAIT = Duration.ofSeconds(10);

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker();

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		this.broker.start();
	}

	@AfterEach
	void stop() {
		this.clients.forEach(PahoEmitterClient::destroy);
		this.broker.stop();
	}

	static PahoEmitterClient client(EmbeddedEmitterBroker broker, String name, @Nullable String username) {
		EmitterClientSettings settings = EmitterClientSettings.of(broker.host(), broker.port()).withUsername(username);
		return new PahoEmitterClient(name, settings, JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.1,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
	}

	private PahoEmitterClient connect(@Nullable String username) throws Exception {
		PahoEmitterClient client = client(this.broker, "emitter" + this.clients.size(), username);
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	static <T> T result(CompletableFuture<T> future) throws Exception {
		return future.get(10, TimeUnit.SECONDS);
	}

	@Test
	void keygenAnswersTheRequestWithAUsableKey() throws Exception {
		PahoEmitterClient client = connect(null);
		for (String letter : List.of("r", "w", "s", "l", "p", "e", "x")) {
			EmitterKey key = result(client.keygen(this.broker.secretKey(), "perm/" + letter + "/", letter, 0));
			assertThat(key.key()).hasSize(32);
			assertThat(key.channel()).isEqualTo("perm/" + letter + "/");
		}
	}

	@Test
	void publishesAndSubscribesWithPrefixAndPlusMatching() throws Exception {
		PahoEmitterClient client = connect(null);
		String key = result(client.keygen(this.broker.secretKey(), "sensors/#/", "rw", 0)).key();
		List<PubSubMessage> temps = new CopyOnWriteArrayList<>();
		List<PubSubMessage> all = new CopyOnWriteArrayList<>();
		result(client.subscribe(key, "sensors/+/temp", 0, temps::add));
		result(client.subscribe(key, "sensors", 0, all::add));
		result(client.publish(key, "sensors/kitchen/temp", Map.of("celsius", 21.5),
				EmitterPublishOptions.defaults().withAtLeastOnce()));
		result(client.publish(key, "sensors/kitchen/humidity", "40", EmitterPublishOptions.defaults()));
		await().atMost(WAIT).until(() -> all.size() == 2 && temps.size() == 1);
		assertThat(temps.get(0).topic()).isEqualTo("sensors/kitchen/temp/");
		assertThat(temps.get(0).payloadAsJson().path("celsius").asDouble()).isEqualTo(21.5);
		assertThat(all.get(1).asString()).isEqualTo("40");
	}

	@Test
	void lastReplaysStoredMessagesAndTtlExpires() throws Exception {
		PahoEmitterClient publisher = connect(null);
		String key = result(publisher.keygen(this.broker.secretKey(), "stored/", "rwsl", 0)).key();
		result(publisher.publish(key, "stored", "short", EmitterPublishOptions.defaults().withTtl(1).withAtLeastOnce()));
		for (int i = 1; i <= 3; i++) {
			result(publisher.publish(key, "stored", "m" + i,
					EmitterPublishOptions.defaults().withTtl(60).withAtLeastOnce()));
		}
		PahoEmitterClient subscriber = connect(null);
		List<String> received = new CopyOnWriteArrayList<>();
		result(subscriber.subscribe(key, "stored", 2, (message) -> received.add(message.asString())));
		await().atMost(WAIT).until(() -> received.size() == 2);
		assertThat(received).containsExactly("m2", "m3");
		await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
			List<String> replayed = new CopyOnWriteArrayList<>();
			PahoEmitterClient reader = connect(null);
			result(reader.subscribe(key, "stored", 10, (message) -> replayed.add(message.asString())));
			await().atMost(WAIT).until(() -> replayed.size() >= 3);
			reader.destroy();
			return replayed.equals(List.of("m1", "m2", "m3"));
		});
	}

	@Test
	void presenceReportsStatusAndChanges() throws Exception {
		PahoEmitterClient watcher = connect("alice");
		String key = result(watcher.keygen(this.broker.secretKey(), "room/", "rp", 0)).key();
		List<EmitterPresenceEvent> events = new CopyOnWriteArrayList<>();
		watcher.onPresence(events::add);
		assertThat(result(watcher.presence(key, "room", true, true)).who()).isEmpty();
		PahoEmitterClient bob = connect("bob");
		result(bob.subscribe(key, "room", 0, (message) -> {
		}));
		String bobId = result(bob.me()).id();
		EmitterPresenceStatus status = result(watcher.presence(key, "room", true, null));
		assertThat(status.who()).containsExactly(new EmitterPresenceMember(bobId, "bob"));
		bob.disconnect();
		await().atMost(WAIT).until(() -> events.size() == 2);
		assertThat(events).extracting(EmitterPresenceEvent::event).containsExactly("subscribe", "unsubscribe");
		assertThat(events).extracting(EmitterPresenceEvent::who)
			.containsOnly(new EmitterPresenceMember(bobId, "bob"));
	}

	@Test
	void linksAndMe() throws Exception {
		PahoEmitterClient client = connect(null);
		String key = result(client.keygen(this.broker.secretKey(), "chat/", "rw", 0)).key();
		List<String> received = new CopyOnWriteArrayList<>();
		client.subscribe("chat", (message) -> received.add(message.asString()),
				new SubscribeOptions(1, 100, OverflowPolicy.DROP_NEWEST, false, Map.of()));
		EmitterLink link = result(client.link("a0", key, "chat", EmitterPublishOptions.defaults(), true));
		assertThat(link).isEqualTo(new EmitterLink("a0", "chat/"));
		result(client.publishWithLink("a0", "linked", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("linked"));
		EmitterMe me = result(client.me());
		assertThat(me.id()).hasSize(26);
		assertThat(me.links()).containsEntry("a0", "chat/");
	}

	@Test
	void extendKeyGeneratesAPrivateChannelForThisConnection() throws Exception {
		PahoEmitterClient client = connect(null);
		String extendKey = result(client.keygen(this.broker.secretKey(), "private/", "rwe", 0)).key();
		EmitterKey privateKey = result(client.keygen(extendKey, "private/", "rw", 0));
		assertThat(privateKey.channel()).isEqualTo("private/" + result(client.me()).id() + "/");
		List<String> received = new CopyOnWriteArrayList<>();
		result(client.subscribe(privateKey.key(), privateKey.channel(), 0, (message) -> received.add(message.asString())));
		result(client.publish(privateKey.key(), privateKey.channel(), "mine",
				EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("mine"));
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.subscribe(extendKey, "private", 0, (message) -> {
			})))
			.havingCause()
			.isInstanceOf(EmitterRequestException.class);
	}

	@Test
	void wrongKeysAreRefusedWithFailedFuturesAndErrorEvents() throws Exception {
		PahoEmitterClient client = connect(null);
		List<EmitterError> errors = new CopyOnWriteArrayList<>();
		client.onError(errors::add);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.subscribe("wrong", "chat", 0, (message) -> {
			})))
			.havingCause()
			.isInstanceOf(EmitterRequestException.class);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> result(client.keygen("wrong", "chat/", "rw", 0)))
			.havingCause()
			.isInstanceOf(EmitterRequestException.class)
			.withMessageContaining("status 401");
		await().atMost(WAIT).until(() -> errors.size() == 2);
		assertThat(errors).extracting(EmitterError::status).containsOnly(401);
		assertThat(client.isConnected()).isTrue();
	}

	@Test
	void shareGroupDeliversEachMessageToOneMember() throws Exception {
		PahoEmitterClient first = connect(null);
		PahoEmitterClient second = connect(null);
		String key = this.broker.createKey("jobs/", "rw");
		List<String> received = new CopyOnWriteArrayList<>();
		result(first.subscribeWithGroup(key, "jobs", "workers", (message) -> received.add(message.asString())));
		result(second.subscribeWithGroup(key, "jobs", "workers", (message) -> received.add(message.asString())));
		List<String> jobs = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			jobs.add("job" + i);
			result(first.publish(key, "jobs", "job" + i, EmitterPublishOptions.defaults().withAtLeastOnce()));
		}
		await().atMost(WAIT).until(() -> received.size() >= 10);
		// a quiet period: a job handed to both members, or twice to one, would show up here
		await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> received.size() == 10);
		assertThat(received).containsExactlyInAnyOrderElementsOf(jobs);
	}

	@Test
	void unsubscribeStopsDeliveries() throws Exception {
		PahoEmitterClient client = connect(null);
		String key = this.broker.createKey("news/", "rw");
		List<String> received = new CopyOnWriteArrayList<>();
		List<String> markers = new CopyOnWriteArrayList<>();
		result(client.subscribe(key, "news", 0, (message) -> received.add(message.asString())));
		String markerKey = this.broker.createKey("marker/", "rw");
		result(client.subscribe(markerKey, "marker", 0, (message) -> markers.add(message.asString())));
		result(client.publish(key, "news", "one", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("one"));
		result(client.unsubscribe(key, "news"));
		result(client.publish(key, "news", "two", EmitterPublishOptions.defaults().withAtLeastOnce()));
		result(client.publish(key, "news", "three", EmitterPublishOptions.defaults().withAtLeastOnce()));
		// the marker travels the same connection after "two" and "three": once it is here, they would be too
		result(client.publish(markerKey, "marker", "marker", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> markers.contains("marker"));
		assertThat(received).containsExactly("one");
		assertThat(client.metrics().unrouted()).isZero();
	}

}
