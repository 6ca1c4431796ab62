package dev.pubsub.realtimex;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimeXAutoConfiguration;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.listener.PubSubListener;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * End to end, as a user wires it: properties create the RealtimeX client bean (signing locally),
 * {@code @PubSubListener} patterns of the form {@code channel.event} subscribe to public, private and
 * presence channels on the embedded server, and server events and other clients' client events
 * reach the methods converted with Jackson.
 */
class RealtimeXListenerEndToEndTests {

	private final EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "api", "key", "secret");

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@BeforeEach
	void start() {
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.stop();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimeXAutoConfiguration.class))
			.withUserConfiguration(Listeners.class)
			.withPropertyValues("pubsub.clients.rtx.type=realtimex", "pubsub.clients.rtx.realtimex.ws-host=127.0.0.1",
					"pubsub.clients.rtx.realtimex.ws-port=" + this.server.port(),
					"pubsub.clients.rtx.realtimex.encrypted=false", "pubsub.clients.rtx.realtimex.api-key=api",
					"pubsub.clients.rtx.realtimex.app-key=key", "pubsub.clients.rtx.realtimex.app-secret=secret",
					"pubsub.clients.rtx.realtimex.presence-user-id=listener-service",
					"pubsub.clients.rtx.realtimex.presence-user-info.name=Listener",
					"pubsub.clients.rtx.reconnect.initial-delay=20ms", "pubsub.clients.rtx.reconnect.max-delay=200ms");
	}

	@Test
	void serverEventsReachListenersByChannelAndEvent() {
		runner().run((context) -> {
			Listeners listeners = context.getBean(Listeners.class);
			awaitSubscribed(context.getBean(RealtimeXClient.class), "orders", "private-chat", "presence-room");
			this.server.publish("orders", "created", Map.of("id", "o-1", "amount", 3));
			this.server.publish("orders", "cancelled", Map.of("id", "o-2", "amount", 1));
			await().until(() -> listeners.orders.size() == 1);
			assertThat(listeners.orders).containsExactly(new Order("o-1", 3));
			assertThat(listeners.types).containsExactly("created");
		});
	}

	@Test
	void clientEventsOfAnotherClientReachThePrivateAndPresenceListeners() {
		runner().run((context) -> {
			Listeners listeners = context.getBean(Listeners.class);
			awaitSubscribed(context.getBean(RealtimeXClient.class), "orders", "private-chat", "presence-room");
			assertThat(this.server.members("presence-room")).containsOnlyKeys("listener-service");
			DefaultRealtimeXClient peer = peer();
			try {
				peer.connect().get(5, TimeUnit.SECONDS);
				RealtimeXChannel chat = peer.subscribe("private-chat");
				RealtimeXChannel room = peer.subscribe("presence-room");
				chat.whenSubscribed().get(5, TimeUnit.SECONDS);
				room.whenSubscribed().get(5, TimeUnit.SECONDS);
				assertThat(room.members()).containsOnlyKeys("listener-service", "peer");
				chat.trigger("client-typing", Map.of("user", "peer"));
				room.trigger("client-wave", Map.of("user", "peer"));
				await().until(() -> listeners.routingKeys.size() == 2);
				assertThat(listeners.routingKeys).containsExactlyInAnyOrder("private-chat.client-typing",
						"presence-room.client-wave");
			}
			finally {
				peer.destroy();
			}
		});
	}

	private DefaultRealtimeXClient peer() {
		return new DefaultRealtimeXClient("peer", this.jsonMapper,
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(200), 2.0, 0.5, -1),
				Duration.ofSeconds(3), Duration.ofSeconds(3),
				URI.create(this.server.url() + "?api_key=api&EIO=4&transport=websocket"),
				new SigningRealtimeXAuthorizer(new ChannelAuthSigner(ChannelAuthCredentials.of("key", "secret")),
						"peer", Map.of("name", "Peer"), this.jsonMapper),
				new StandardWebSocketClient());
	}

	private void awaitSubscribed(RealtimeXClient client, String... channels) {
		await().until(() -> {
			for (String channel : channels) {
				RealtimeXChannel subscribed = client.channel(channel);
				if (subscribed == null || !subscribed.whenSubscribed().isDone()) {
					return false;
				}
			}
			return true;
		});
	}

	record Order(String id, int amount) {
	}

	record Typing(String user) {
	}

	@Configuration(proxyBeanMethods = false)
	static class Listeners {

		final List<Order> orders = new CopyOnWriteArrayList<>();

		final List<String> types = new CopyOnWriteArrayList<>();

		final List<String> routingKeys = new CopyOnWriteArrayList<>();

		@PubSubListener(value = "orders.created", client = "rtx")
		void onOrder(Order order, @Header(PubSubHeaders.MESSAGE_TYPE) String type) {
			this.orders.add(order);
			this.types.add(type);
		}

		@PubSubListener(value = { "private-chat.*", "presence-room.*" }, client = "rtx")
		void onClientEvent(Typing typing, @Header(PubSubHeaders.ROUTING_KEY) String routingKey) {
			assertThat(typing.user()).isEqualTo("peer");
			this.routingKeys.add(routingKey);
		}

	}

}
