package dev.pubsub.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;

/**
 * Builds {@link DefaultRealtimeClient}s connected to an embedded gateway, with a fast reconnect
 * policy, counting how often the token was asked for.
 */
final class RealtimeClients {

	static final ReconnectPolicy FAST = new ReconnectPolicy(true, Duration.ofMillis(20), Duration.ofMillis(200), 2.0,
			0.2, ReconnectPolicy.UNLIMITED);

	private RealtimeClients() {
	}

	static DefaultRealtimeClient client(EmbeddedRealtimeGateway gateway, String name, List<String> permissions) {
		return client(gateway, name, permissions, FAST, Duration.ofSeconds(5), new AtomicInteger());
	}

	static DefaultRealtimeClient client(EmbeddedRealtimeGateway gateway, String name, List<String> permissions,
			ReconnectPolicy policy, Duration requestTimeout, AtomicInteger tokenRequests) {
		RealtimeAccessTokenProvider tokens = () -> {
			tokenRequests.incrementAndGet();
			return gateway.tokens().mint(name, permissions);
		};
		return new DefaultRealtimeClient(name, new StandardWebSocketClient(),
				RealtimeUrlProvider.of(gateway.url(), gateway.appId(), tokens), JsonMapper.builder().build(), policy,
				requestTimeout, Duration.ofSeconds(5), 1024 * 1024);
	}

	static List<String> all() {
		return JwtTestTokens.ALL_TOPICS;
	}

}
