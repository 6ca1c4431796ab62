package dev.pubsub.test.httppubsub;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubMissedEvent;
import dev.pubsub.httppubsub.WebsocketHttpPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The websocket transport of the httppubsub client against the embedded broadcaster's
 * {@code /v1/websocket}, in each auth mode: overlapping exact and glob subscriptions on one socket get one
 * copy of each message; small and multi-part messages (both ways, 1 KiB parts) published over the socket
 * and from inside the broadcaster arrive, and each notify reports the subscribers reached (over HTTP:
 * see {@code HttpPubSubWebsocketContractTests}); MISSED
 * notices reach the missed listeners; after unsubscribing nothing is delivered.
 */
class EmbeddedHttpPubSubBroadcasterWebsocketTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@ParameterizedTest
	@EnumSource(HttpPubSubAuth.Mode.class)
	void roundTripsEveryMessageTypeOnceWithOverlappingSubscriptions(HttpPubSubAuth.Mode mode) {
		EmbeddedHttpPubSubBroadcaster broadcaster = EmbeddedHttpPubSubBroadcaster.withAuth(0, mode, null, null)
			.websocketPartSize(1024)
			.start();
		try {
			runner(broadcaster).run((context) -> {
				assertThat(context).hasNotFailed();
				WebsocketHttpPubSubClient client = context.getBean("orders", WebsocketHttpPubSubClient.class);
				await().atMost(WAIT).until(client::isConnected);
				List<PubSubMessage> received = new CopyOnWriteArrayList<>();
				List<HttpPubSubMissedEvent> missed = new CopyOnWriteArrayList<>();
				client.addMissedListener(missed::add);
				Subscription subscription = client.subscribe(List.of("orders/*", "orders/created"), received::add,
						SubscribeOptions.defaults());
				await().atMost(WAIT).until(() -> broadcaster.websocketSubscriptionCount() == 2);

				String large = "x".repeat(5_000);
				assertThat(client.notify("orders/created", json("ws-small", "")).get(30, TimeUnit.SECONDS)).isOne();
				assertThat(client.notify("orders/created", json("ws-large", large)).get(30, TimeUnit.SECONDS))
					.isOne();
				assertThat(broadcaster.notify(utf8("orders/created"), json("inside", large))).isOne();
				assertThat(broadcaster.notify(utf8("orders/other"), json("glob-only", ""))).isOne();
				assertThat(broadcaster.notify(utf8("payments/created"), json("unmatched", ""))).isZero();
				List<String> expected = List.of("ws-small", "ws-large", "inside", "glob-only");
				await().atMost(WAIT).until(() -> ids(received).containsAll(expected));
				assertThat(ids(received)).containsExactlyInAnyOrderElementsOf(expected);
				assertThat(received.stream()
					.filter((message) -> message.payloadAsJson().get("id").asString().equals("ws-large"))
					.map((message) -> message.payloadAsJson().get("pad").asString())).containsExactly(large);

				assertThat(broadcaster.sendMissed(utf8("orders/created"))).isOne();
				await().atMost(WAIT).until(() -> !missed.isEmpty());
				assertThat(missed.get(0).topic()).isEqualTo("orders/created");

				subscription.cancel();
				await().atMost(WAIT).until(() -> broadcaster.websocketSubscriptionCount() == 0);
				assertThat(broadcaster.notify(utf8("orders/created"), json("after", ""))).isZero();
				assertThat(client.isConnected()).isTrue();
			});
		}
		finally {
			broadcaster.stop();
		}
	}

	private static ApplicationContextRunner runner(EmbeddedHttpPubSubBroadcaster broadcaster) {
		BroadcasterSecrets secrets = broadcaster.authSecrets();
		List<String> properties = new ArrayList<>(List.of("pubsub.clients.orders.type=httppubsub",
				"pubsub.clients.orders.httppubsub.transport=websocket",
				"pubsub.clients.orders.httppubsub.broadcasters=" + broadcaster.url(),
				"pubsub.clients.orders.httppubsub.websocket-part-size=1KB",
				"pubsub.clients.orders.httppubsub.to-broadcaster.type=" + secrets.mode().name().toLowerCase(),
				"pubsub.clients.orders.httppubsub.to-subscriber.type=" + secrets.mode().name().toLowerCase()));
		if (secrets.toBroadcaster() != null) {
			properties.add("pubsub.clients.orders.httppubsub.to-broadcaster.secret=" + secrets.toBroadcaster());
			properties.add("pubsub.clients.orders.httppubsub.to-subscriber.secret=" + secrets.toSubscriber());
		}
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, HttpPubSubAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new));
	}

	private static byte[] json(String id, String pad) {
		return utf8("{\"id\":\"" + id + "\",\"pad\":\"" + pad + "\"}");
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static List<String> ids(List<PubSubMessage> messages) {
		return messages.stream().map((message) -> message.payloadAsJson().get("id").asString()).toList();
	}

}
