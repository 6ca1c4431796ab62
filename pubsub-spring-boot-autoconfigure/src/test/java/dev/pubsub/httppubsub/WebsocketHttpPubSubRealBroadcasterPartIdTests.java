package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.httppubsub.WebsocketHttpPubSubRealBroadcasterTests.FrameCounter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Part ids above 255 on the websocket transport against the real lonelypss broadcaster: with
 * 2 KiB websocket messages each way, a 600 KiB message goes out in 300 parts (part ids 0 to 299,
 * through the one-byte/two-byte boundary of the minimal unsigned encoding at 255/256) and comes
 * back in more than 256, each acknowledged, and arrives intact. Counted on the wire.
 * <p>
 * Not HMAC: lonelypsp signs CONTINUE_RECEIVE's part id as one byte ({@code int.to_bytes(1)}), so
 * the pinned broadcaster cannot verify a part id above 255 in HMAC mode at all (its check raises);
 * {@code docs/httppubsub.md} says so.
 */
class WebsocketHttpPubSubRealBroadcasterPartIdTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int PART = 2048;

	@TempDir
	Path temp;

	@ParameterizedTest
	@ValueSource(strings = { "none", "token" })
	void aMessageOfMoreThan256PartsGoesOutAndComesBackIntact(String mode) throws Exception {
		try (RealBroadcaster broadcaster = RealBroadcaster
			.startWithWebsocketMessageSize(this.temp.resolve("broadcaster"), mode, PART);
				ConfigurableApplicationContext context = startApp(broadcaster)) {
			WebsocketHttpPubSubClient client = context.getBean("orders", WebsocketHttpPubSubClient.class);
			FrameCounter frames = context.getBean(FrameCounter.class);
			List<PubSubMessage> received = new CopyOnWriteArrayList<>();
			client.subscribe("parts/many", received::add);
			await().atMost(WAIT).until(client::isConnected);
			// delivery of a one-part message first, on the same subscription
			assertThat(client.notify("parts/many", "one part").get(30, TimeUnit.SECONDS)).isEqualTo(1);
			await().atMost(WAIT).until(() -> received.size() == 1);

			byte[] large = new byte[300 * PART];
			new Random(13).nextBytes(large);
			Path file = this.temp.resolve("parts.bin");
			Files.write(file, large);
			int receivedBefore = frames.count(WebsocketFrames.RECEIVE_STREAM);
			int continuedBefore = frames.count(WebsocketFrames.CONTINUE_NOTIFY);
			assertThat(client.notify("parts/many".getBytes(StandardCharsets.UTF_8), file).get(120, TimeUnit.SECONDS))
				.isEqualTo(1);
			await().atMost(WAIT).until(() -> received.size() == 2);
			// sent in exactly 300 parts: the broadcaster asked for the 299 after the first
			assertThat(frames.count(WebsocketFrames.CONTINUE_NOTIFY) - continuedBefore).isEqualTo(299);
			// received in more than 256 (each of the broadcaster's parts also carries its headers)
			assertThat(frames.count(WebsocketFrames.RECEIVE_STREAM) - receivedBefore).isGreaterThan(300);
			assertThat(received.get(1).asBytes()).isEqualTo(large);
		}
	}

	private ConfigurableApplicationContext startApp(RealBroadcaster broadcaster) {
		return new SpringApplicationBuilder(WebsocketHttpPubSubRealBroadcasterTests.App.class)
			.web(WebApplicationType.NONE)
			.properties("pubsub.clients.orders.type=httppubsub",
					"pubsub.clients.orders.httppubsub.transport=websocket",
					"pubsub.clients.orders.httppubsub.websocket-part-size=" + PART + "B",
					"pubsub.clients.orders.reconnect.initial-delay=200ms",
					"pubsub.clients.orders.reconnect.max-delay=1s",
					"pubsub.clients.orders.httppubsub.broadcasters=" + broadcaster.url(),
					"pubsub.clients.orders.httppubsub.secrets-file=" + broadcaster.subscriberSecrets())
			.run();
	}

}
