package dev.pubsub.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.pubsub.autoconfigure.PubSubClientHealthIndicator;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Remote subscriptions of {@link PahoEmitterClient} changed in the windows between a request and
 * its acknowledgement, held open by {@link EmbeddedEmitterBroker#holdSubscriptionPackets()}: a
 * subscription added while a reconnected session restores, and unsubscribes acknowledged or lost
 * with the connection. (In the client's package, for its package-private accessor.)
 */
class EmitterRemoteSubscriptionsTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker();

	private final List<PahoEmitterClient> clients = new ArrayList<>();

	@BeforeEach
	void start() {
		this.broker.start();
	}

	@AfterEach
	void stop() {
		this.broker.releaseSubscriptionPackets();
		this.clients.forEach(PahoEmitterClient::destroy);
		this.broker.stop();
	}

	@Test
	void subscriptionAddedWhileTheSessionRestoresIsSentBeforeItIsReady() throws Exception {
		PahoEmitterClient client = connect();
		String key = this.broker.createKey("restore/#/", "rw");
		List<String> first = new CopyOnWriteArrayList<>();
		List<String> added = new CopyOnWriteArrayList<>();
		result(client.subscribe(key, "restore/first", 0, (message) -> first.add(message.asString())));

		this.broker.stop();
		this.broker.holdSubscriptionPackets();
		this.broker.start();
		// the new session's restore sent the SUBSCRIBE of restore/first, and waits for its SUBACK
		await().atMost(WAIT).until(() -> this.broker.heldSubscriptionPackets() == 1);
		assertThat(client.isConnected()).isFalse();
		CompletableFuture<Subscription> subscribed = client.subscribe(key, "restore/added", 0,
				(message) -> added.add(message.asString()));
		assertThat(subscribed).isNotDone();

		this.broker.releaseSubscriptionPackets();
		Subscription subscription = result(subscribed);
		assertThat(subscription.isActive()).isTrue();
		await().atMost(WAIT).until(client::isConnected);
		result(client.publish(key, "restore/added", "to-added", EmitterPublishOptions.defaults().withAtLeastOnce()));
		result(client.publish(key, "restore/first", "to-first", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> added.contains("to-added") && first.contains("to-first"));
		assertThat(added).containsExactly("to-added");
		assertThat(first).containsExactly("to-first");
	}

	@Test
	void lastSubscriptionCancelledWhileTheSessionRestoresIsUnsubscribedOnThatSession() throws Exception {
		PahoEmitterClient client = connect();
		String key = this.broker.createKey("restoring/#/", "rw");
		List<String> kept = new CopyOnWriteArrayList<>();
		Subscription gone = result(client.subscribe(key, "restoring/gone", 0, (message) -> {
		}));
		result(client.subscribe(key, "restoring/kept", 0, (message) -> kept.add(message.asString())));

		this.broker.stop();
		this.broker.holdSubscriptionPackets();
		this.broker.start();
		// the new session's restore sent the SUBSCRIBE of restoring/gone, and waits for its SUBACK
		await().atMost(WAIT).until(() -> this.broker.heldSubscriptionPackets() == 1);
		assertThat(client.isConnected()).isFalse();
		gone.cancel();

		this.broker.releaseSubscriptionPackets();
		await().atMost(WAIT).until(client::isConnected);
		result(client.publish(key, "restoring/kept", "marker", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> kept.contains("marker"));
		// the broker held both after the restore; the cancelled one is unsubscribed on this session,
		// not left until the next reconnect
		await().atMost(WAIT).until(() -> !this.broker.faults().hasSubscriber("restoring/gone/"));
		assertThat(this.broker.faults().hasSubscriber("restoring/kept/")).isTrue();
		assertThat(client.pendingUnsubscribes()).isZero();
	}

	@Test
	void refusedListenerSubscriptionIsRetriedOnTheSameSessionUntilTheBrokerGrantsIt() throws Exception {
		PahoEmitterClient client = connect();
		int connections = this.broker.faults().acceptTimes().size();
		List<String> received = new CopyOnWriteArrayList<>();
		List<EmitterError> errors = new CopyOnWriteArrayList<>();
		client.onError(errors::add);
		// a key the broker does not know yet: the SUBSCRIBE is refused, and refused again when retried
		client.subscribe("later/", (message) -> received.add(message.asString()),
				SubscribeOptions.defaults().withExtras(Map.of(EmitterClient.KEY_EXTRA, "LATERKEY")));
		await().atMost(WAIT).until(() -> errors.size() >= 2);
		assertThat(errors).allSatisfy((error) -> assertThat(error.status()).isEqualTo(401));
		assertThat(this.broker.faults().hasSubscriber("later/")).isFalse();
		// connected, but the refused subscription is listed (by channel, never with its key)
		Health refused = new PubSubClientHealthIndicator(client).health(true);
		assertThat(refused.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
		assertThat(refused.getDetails()).containsKey("unheldSubscriptions");
		assertThat(client.unheldSubscriptions()).containsOnlyKeys("later/");
		assertThat(client.unheldSubscriptions().get("later/")).contains("status 401").doesNotContain("LATERKEY");
		this.broker.addKey("LATERKEY", "later/", "rw");
		await().atMost(WAIT).until(() -> this.broker.faults().hasSubscriber("later/"));
		await().atMost(WAIT).until(() -> client.unheldSubscriptions().isEmpty());
		assertThat(new PubSubClientHealthIndicator(client).health(true).getStatus()).isEqualTo(Status.UP);
		result(client.publish("LATERKEY", "later", "granted", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("granted"));
		assertThat(received).containsExactly("granted");
		assertThat(this.broker.faults().acceptTimes()).hasSize(connections);
	}

	@Test
	void aRestoreWithOneRefusedTopicDoesNotSubscribeTheGrantedOnesTwice() throws Exception {
		EmitterClientSettings settings = new EmitterClientSettings(this.broker.host(), this.broker.port(), false, null,
				null, Duration.ofSeconds(30), Duration.ofSeconds(10), Map.of(), OfflinePublishMode.QUEUE, 1000,
				EmitterTopics.MAX_PACKET_SIZE, 1);
		PahoEmitterClient client = connect(settings);
		List<EmitterError> errors = new CopyOnWriteArrayList<>();
		client.onError(errors::add);
		String key = this.broker.createKey("replay/#/", "rwsl");
		List<String> received = new CopyOnWriteArrayList<>();
		result(client.subscribe(key, "replay/a", 0, (message) -> received.add(message.asString())));
		result(client.publish(key, "replay/a", "stored",
				EmitterPublishOptions.defaults().withTtl(60).withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("stored"));
		client.subscribe("refused/", (message) -> {
		}, SubscribeOptions.defaults().withExtras(Map.of(EmitterClient.KEY_EXTRA, "NOKEY")));
		await().atMost(WAIT).until(() -> !errors.isEmpty());

		// the restore subscribes both in one batch, answered per topic: the registry holds replay/a and
		// retries only the refused topic
		int errorsBefore = errors.size();
		this.broker.faults().dropAll();
		await().atMost(WAIT).until(() -> client.isConnected() && errors.size() >= errorsBefore + 2);
		assertThat(client.unheldSubscriptions()).containsOnlyKeys("refused/");
		result(client.publish(key, "replay/a", "after", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> received.contains("after"));
		// the original delivery, the restore's replay (restore-last=1), then the new message: the retry
		// did not SUBSCRIBE replay/a again (which would replay "stored" once more)
		assertThat(received).containsExactly("stored", "stored", "after");
	}

	@Test
	void cancelledSubscriptionLeavesNoUnsubscribeAcknowledgementBehind() throws Exception {
		PahoEmitterClient client = connect();
		String key = this.broker.createKey("cancel/#/", "rw");
		List<String> cancelled = new CopyOnWriteArrayList<>();
		List<String> kept = new CopyOnWriteArrayList<>();
		Subscription subscription = result(
				client.subscribe(key, "cancel/gone", 0, (message) -> cancelled.add(message.asString())));
		result(client.publish(key, "cancel/gone", "before", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> cancelled.contains("before"));

		subscription.cancel();
		// the broker answers in order: this SUBACK comes after the UNSUBACK of cancel/gone
		result(client.subscribe(key, "cancel/kept", 0, (message) -> kept.add(message.asString())));

		assertThat(client.pendingUnsubscribes()).isZero();
		result(client.publish(key, "cancel/gone", "after", EmitterPublishOptions.defaults().withAtLeastOnce()));
		result(client.publish(key, "cancel/kept", "marker", EmitterPublishOptions.defaults().withAtLeastOnce()));
		await().atMost(WAIT).until(() -> kept.contains("marker"));
		assertThat(cancelled).containsExactly("before");
	}

	@Test
	void unsubscribesLostWithTheConnectionLeaveNothingBehind() throws Exception {
		PahoEmitterClient client = connect();
		String key = this.broker.createKey("drop/#/", "rw");
		Subscription cancelled = result(client.subscribe(key, "drop/cancelled", 0, (message) -> {
		}));
		result(client.subscribe(key, "drop/unsubscribed", 0, (message) -> {
		}));

		this.broker.holdSubscriptionPackets();
		cancelled.cancel();
		CompletableFuture<Void> unsubscribed = client.unsubscribe(key, "drop/unsubscribed");
		// the connection reads nothing after the first held UNSUBSCRIBE
		await().atMost(WAIT).until(() -> this.broker.heldSubscriptionPackets() == 1);
		assertThat(unsubscribed).isNotDone();
		this.broker.stop();

		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> result(unsubscribed))
			.withCauseInstanceOf(PubSubConnectionLostException.class);
		assertThat(client.pendingUnsubscribes()).isZero();
	}

	private PahoEmitterClient connect() throws Exception {
		return connect(EmitterClientSettings.of(this.broker.host(), this.broker.port()));
	}

	private PahoEmitterClient connect(EmitterClientSettings settings) throws Exception {
		PahoEmitterClient client = new PahoEmitterClient("emitter" + this.clients.size(), settings,
				JsonMapper.builder().build(), new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500),
						2.0, 0.1, ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
		this.clients.add(client);
		client.connect().get(10, TimeUnit.SECONDS);
		return client;
	}

	private static <T> T result(CompletableFuture<T> future) throws Exception {
		return future.get(10, TimeUnit.SECONDS);
	}

}
