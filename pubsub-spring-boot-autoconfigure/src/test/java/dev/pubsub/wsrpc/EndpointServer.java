package dev.pubsub.wsrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;

import dev.pubsub.wsrpc.server.WsRpcAuthorizer;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;
import dev.pubsub.wsrpc.server.WsRpcSessionInfo;
import dev.pubsub.wsrpc.server.WsRpcSessionListener;

/**
 * A Spring Boot application hosting the wsrpc endpoint on an ephemeral port of 127.0.0.1, with an
 * authorizer that refuses {@code Authorization: Bearer bad} and records handshake headers.
 */
final class EndpointServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private EndpointServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static EndpointServer start(String... properties) {
		return start(List.of(), properties);
	}

	static EndpointServer start(List<Class<?>> configurations, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "server.address=127.0.0.1",
				"pubsub.wsrpc.server.enabled=true", "spring.main.banner-mode=off"));
		all.addAll(List.of(properties));
		List<Class<?>> sources = new ArrayList<>(configurations);
		sources.add(0, App.class);
		return new EndpointServer(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.properties(all.toArray(String[]::new))
			.run());
	}

	int port() {
		return Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
	}

	String url() {
		return "ws://127.0.0.1:" + port() + "/pubsub";
	}

	WsRpcEndpointHandler handler() {
		return this.context.getBean(WsRpcEndpointHandler.class);
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	Object bean(String name) {
		return this.context.getBean(name);
	}

	Recorder recorder() {
		return this.context.getBean(Recorder.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * Records sessions and their handshake headers.
	 */
	static final class Recorder implements WsRpcSessionListener, WsRpcAuthorizer {

		final List<WsRpcSessionInfo> connected = new CopyOnWriteArrayList<>();

		final List<WsRpcSessionInfo> disconnected = new CopyOnWriteArrayList<>();

		final AtomicInteger refusedConnections = new AtomicInteger();

		@Override
		public boolean authorizeConnection(HttpHeaders headers, java.security.@Nullable Principal principal) {
			if ("Bearer bad".equals(headers.getFirst(HttpHeaders.AUTHORIZATION))) {
				this.refusedConnections.incrementAndGet();
				return false;
			}
			return true;
		}

		@Override
		public boolean authorizePublish(WsRpcSessionInfo session, List<String> topics) {
			return !topics.contains("forbidden");
		}

		@Override
		public boolean authorizeSubscribe(WsRpcSessionInfo session, List<String> topics) {
			return !topics.contains("forbidden-sub");
		}

		@Override
		public void onConnect(WsRpcSessionInfo session) {
			this.connected.add(session);
		}

		@Override
		public void onDisconnect(WsRpcSessionInfo session) {
			this.disconnected.add(session);
		}

		@Nullable String header(String name) {
			return this.connected.stream()
				.map((session) -> session.handshakeHeaders().getFirst(name))
				.filter(java.util.Objects::nonNull)
				.findFirst()
				.orElse(null);
		}

		Map<String, Integer> counts() {
			return Map.of("connected", this.connected.size(), "disconnected", this.disconnected.size());
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

		@Bean
		Recorder recorder() {
			return new Recorder();
		}

	}

}
