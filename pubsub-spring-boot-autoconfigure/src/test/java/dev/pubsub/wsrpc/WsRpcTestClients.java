package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;

/**
 * Builds clients for tests: fast reconnects, short timeouts.
 */
final class WsRpcTestClients {

	static final JsonMapper JSON = JsonMapper.builder().build();

	private WsRpcTestClients() {
	}

	static DefaultWsRpcPubSubClient client(String name, String url) {
		return client(name, url, Map.of());
	}

	static DefaultWsRpcPubSubClient client(String name, String url, Map<String, String> headers) {
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		container.setDefaultMaxTextMessageBufferSize(16 * 1024 * 1024);
		ReconnectPolicy policy = new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.1,
				ReconnectPolicy.UNLIMITED);
		WsRpcClientOptions options = WsRpcClientOptions.of(URI.create(url)).withHeaders(headers);
		return new DefaultWsRpcPubSubClient(name, JSON, policy, Duration.ofSeconds(5),
				new StandardWebSocketClient(container), options);
	}

	/**
	 * Collects messages a handler received.
	 */
	static final class Inbox {

		final List<PubSubMessage> messages = new CopyOnWriteArrayList<>();

		void add(PubSubMessage message) {
			this.messages.add(message);
		}

		List<String> topics() {
			return this.messages.stream().map(PubSubMessage::topic).toList();
		}

		List<String> payloads() {
			return this.messages.stream().map((message) -> new String(message.payloadBytes())).toList();
		}

	}

}
