package dev.pubsub.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.test.realtime.AckMode;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.support.FreezableTcpProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A gateway that vanishes mid-stream without closing the socket (the network stops carrying
 * bytes) is detected by unanswered pings: waiters fail, the client reconnects and restores its
 * subscriptions.
 */
class RealtimeVanishingGatewayTests {

	private EmbeddedRealtimeGateway gateway;

	private FreezableTcpProxy proxy;

	private DefaultRealtimeClient client;

	@BeforeEach
	void start() throws Exception {
		this.gateway = EmbeddedRealtimeGateway.builder().start();
		this.proxy = new FreezableTcpProxy(this.gateway.port());
		RealtimeAccessTokenProvider tokens = () -> this.gateway.tokens().mint("svc", RealtimeClients.all());
		this.client = new DefaultRealtimeClient("vanishing", new StandardWebSocketClient(),
				RealtimeUrlProvider.of("ws://127.0.0.1:" + this.proxy.port(), this.gateway.appId(), tokens),
				JsonMapper.builder().build(), RealtimeClients.FAST, Duration.ofSeconds(30), Duration.ofSeconds(5),
				1024 * 1024);
		this.client.setPingInterval(Duration.ofMillis(200));
	}

	@AfterEach
	void stop() throws Exception {
		this.client.destroy();
		this.proxy.close();
		this.gateway.stop();
	}

	@Test
	void silentDeathIsDetectedAndTheClientRecovers() {
		List<String> received = new CopyOnWriteArrayList<>();
		this.client.subscribe("feed.item", (message) -> received.add(message.asString()));
		this.client.connect().join();
		String first = this.client.connectionInfo().id();
		await().until(() -> this.gateway.subscribers("feed").contains(first));
		this.gateway.setAckMode(AckMode.NONE);
		CompletableFuture<Void> ack = this.client.publish("feed", "pending", "other").waitForAck(Duration.ofSeconds(30));

		assertThat(this.proxy.freezeAll()).isEqualTo(1);

		await().atMost(Duration.ofSeconds(10)).until(ack::isDone);
		assertThat(ack).isCompletedExceptionally();
		assertThat(ack.handle((ok, ex) -> ex.getCause())).isCompletedWithValueMatching(
				(cause) -> cause instanceof PubSubConnectionLostException);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.client.isConnected() && !first.equals(this.client.connectionInfo().id()));
		String second = this.client.connectionInfo().id();
		await().until(() -> this.gateway.subscribers("feed").contains(second));
		this.gateway.publish("feed", "item", "after recovery");
		await().until(() -> received.contains("after recovery"));
		assertThat(this.client.metrics().reconnects()).isEqualTo(1);
	}

}
