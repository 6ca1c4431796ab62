package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.ContainerProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.support.FreezableTcpProxy;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A wsrpc server that hangs without closing (a TCP proxy that stops forwarding) is detected by the
 * client's keep-alive {@code _ping_}: the connection is dropped, the client reconnects and restores
 * its subscription.
 */
class WsRpcHungServerTests {

	private EmbeddedWsRpcServer server;

	private FreezableTcpProxy proxy;

	private DefaultWsRpcPubSubClient client;

	private final List<ConnectionEvent> events = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws Exception {
		this.server = new EmbeddedWsRpcServer(0).start();
		this.proxy = new FreezableTcpProxy(this.server.port());
		WsRpcClientOptions options = WsRpcClientOptions
			.of(URI.create("ws://127.0.0.1:" + this.proxy.port() + EmbeddedWsRpcServer.PATH))
			.withKeepAlive(Duration.ofMillis(300), Duration.ofMillis(700));
		this.client = new DefaultWsRpcPubSubClient("hung", JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.0,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5), new StandardWebSocketClient(ContainerProvider.getWebSocketContainer()), options);
		this.client.addConnectionListener(this.events::add);
	}

	@AfterEach
	void stop() throws Exception {
		this.client.destroy();
		this.proxy.close();
		this.server.stop();
	}

	@Test
	void keepAliveDetectsAFrozenServerAndTheClientRecovers() throws Exception {
		Set<String> received = ConcurrentHashMap.newKeySet();
		this.client.subscribe("ticks", (message) -> received.add(message.payloadAsJson().asString()));
		this.client.connect().get(10, TimeUnit.SECONDS);
		String first = this.client.channelId();
		await().until(() -> this.server.notifier().subscriberCount("ticks") == 1);
		this.server.publisher().publish("ticks", "before").get(5, TimeUnit.SECONDS);
		await().until(() -> received.contains("before"));

		assertThat(this.proxy.freezeAll()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(20)).until(() -> this.events.stream()
			.anyMatch((event) -> event.type() == ConnectionEventType.DISCONNECTED && event.cause() != null
					&& event.cause().getMessage().contains("Keep-alive _ping_ not answered")));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.client.isConnected() && !first.equals(this.client.channelId())
					&& this.client.remoteTopics().contains("ticks"));
		// the frozen old session is still registered at the server and never answers: this sync publish
		// completes only when the server's notify timeout (5 s by default) gives up on it
		this.server.publisher().publish("ticks", "after").get(30, TimeUnit.SECONDS);
		await().until(() -> received.contains("after"));
		assertThat(this.client.metrics().reconnects()).isEqualTo(1);
	}

	@Test
	void keepAliveIsOnByDefault() {
		WsRpcClientOptions defaults = WsRpcClientOptions.of(URI.create("ws://127.0.0.1:1/pubsub"));
		assertThat(defaults.keepAlive()).isEqualTo(Duration.ofSeconds(15));
		assertThat(defaults.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

}
