package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.support.AbstractWebSocketPubSubClient;
import dev.pubsub.core.support.WebSocketSendLimits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pubsub.clients.<name>.websocket.send-time-limit} and {@code send-buffer-limit} bind and reach
 * each of the four WebSocket clients; unset keys keep the defaults; bad values and keys on a client
 * without a WebSocket fail startup naming the key.
 */
class WebSocketSendLimitsPropertiesTests {

	private static final String[] CLIENTS = { "rt", "rx", "rpc", "hps" };

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
				RealtimeXAutoConfiguration.class, WsRpcAutoConfiguration.class, HttpPubSubAutoConfiguration.class,
				EmitterAutoConfiguration.class))
		.withPropertyValues("pubsub.clients.rt.type=realtime", "pubsub.clients.rt.auto-connect=false",
				"pubsub.clients.rt.realtime.url=ws://127.0.0.1:1", "pubsub.clients.rt.realtime.app-id=app",
				"pubsub.clients.rt.realtime.access-token=t", "pubsub.clients.rx.type=realtimex",
				"pubsub.clients.rx.auto-connect=false", "pubsub.clients.rx.realtimex.ws-host=127.0.0.1",
				"pubsub.clients.rx.realtimex.api-key=k", "pubsub.clients.rpc.type=wsrpc",
				"pubsub.clients.rpc.auto-connect=false", "pubsub.clients.rpc.wsrpc.url=ws://127.0.0.1:1/pubsub",
				"pubsub.clients.hps.type=httppubsub", "pubsub.clients.hps.auto-connect=false",
				"pubsub.clients.hps.httppubsub.transport=websocket");

	@Test
	void eachWebSocketClientGetsItsOwnLimits() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.rt.websocket.send-time-limit=1s",
					"pubsub.clients.rt.websocket.send-buffer-limit=1KB",
					"pubsub.clients.rx.websocket.send-time-limit=2s",
					"pubsub.clients.rx.websocket.send-buffer-limit=2KB",
					"pubsub.clients.rpc.websocket.send-time-limit=3s",
					"pubsub.clients.rpc.websocket.send-buffer-limit=3KB",
					"pubsub.clients.hps.websocket.send-time-limit=4s",
					"pubsub.clients.hps.websocket.send-buffer-limit=4KB")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (int i = 0; i < CLIENTS.length; i++) {
					WebSocketSendLimits limits = limits(context.getBean(CLIENTS[i], PubSubClient.class));
					assertThat(limits.timeLimit()).as(CLIENTS[i]).isEqualTo(Duration.ofSeconds(i + 1));
					assertThat(limits.bufferLimit()).as(CLIENTS[i]).isEqualTo((i + 1) * 1024);
				}
			});
	}

	@Test
	void unsetKeysKeepTheDefaults() {
		this.contextRunner.withPropertyValues("pubsub.clients.rt.websocket.send-buffer-limit=64KB").run((context) -> {
			assertThat(context).hasNotFailed();
			WebSocketSendLimits rt = limits(context.getBean("rt", PubSubClient.class));
			assertThat(rt.timeLimit()).isEqualTo(Duration.ofSeconds(10));
			assertThat(rt.bufferLimit()).isEqualTo(64 * 1024);
			WebSocketSendLimits rpc = limits(context.getBean("rpc", PubSubClient.class));
			assertThat(rpc.timeLimit()).isEqualTo(WebSocketSendLimits.DEFAULT_TIME_LIMIT);
			assertThat(rpc.bufferLimit()).isEqualTo(16 * 1024 * 1024);
		});
	}

	@Test
	void aZeroTimeLimitFailsStartup() {
		this.contextRunner.withPropertyValues("pubsub.clients.rx.websocket.send-time-limit=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.rx.websocket.send-time-limit must be at least 1ms"));
	}

	@Test
	void aNegativeOrHugeBufferLimitFailsStartup() {
		this.contextRunner.withPropertyValues("pubsub.clients.hps.websocket.send-buffer-limit=-1B")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.hps.websocket.send-buffer-limit must be between"));
		this.contextRunner.withPropertyValues("pubsub.clients.rpc.websocket.send-buffer-limit=4GB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.rpc.websocket.send-buffer-limit must be between"));
	}

	@Test
	void limitsOnAClientWithoutAWebSocketFailStartup() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.iot.type=emitter", "pubsub.clients.iot.auto-connect=false",
					"pubsub.clients.iot.emitter.host=127.0.0.1", "pubsub.clients.iot.websocket.send-time-limit=1s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.iot.websocket.* is set, but client 'iot' has no WebSocket"));
		this.contextRunner
			.withPropertyValues("pubsub.clients.hook.type=httppubsub", "pubsub.clients.hook.auto-connect=false",
					"pubsub.clients.hook.websocket.send-buffer-limit=1MB")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.hook.websocket.* is set"));
	}

	private static WebSocketSendLimits limits(PubSubClient client) {
		assertThat(client).isInstanceOf(AbstractWebSocketPubSubClient.class);
		return ((AbstractWebSocketPubSubClient) client).webSocketSendLimits();
	}

}
