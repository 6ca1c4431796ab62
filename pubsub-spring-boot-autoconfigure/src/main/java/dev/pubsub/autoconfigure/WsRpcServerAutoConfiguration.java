package dev.pubsub.autoconfigure;

import jakarta.websocket.server.ServerContainer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import dev.pubsub.wsrpc.server.WsRpcAuthorizer;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;
import dev.pubsub.wsrpc.server.WsRpcEndpointSettings;
import dev.pubsub.wsrpc.server.WsRpcEventNotifier;
import dev.pubsub.wsrpc.server.WsRpcHandshakeInterceptor;
import dev.pubsub.wsrpc.server.WsRpcServerPubSubClient;
import dev.pubsub.wsrpc.server.WsRpcSessionListener;

/**
 * Auto-configuration of the Spring-hosted fastapi_websocket_pubsub endpoint
 * ({@code pubsub.wsrpc.server.enabled=true}): the WebSocket handler at
 * {@code pubsub.wsrpc.server.path}, the topic registry, the {@code WsRpcPublisher} (the handler),
 * the server's own events as the {@code PubSubClient} bean {@value #SERVER_CLIENT_BEAN_NAME}. Redis
 * fan-out is {@link WsRpcRedisBroadcastAutoConfiguration}'s.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ WebSocketConfigurer.class, ServerContainer.class })
@ConditionalOnBooleanProperty("pubsub.wsrpc.server.enabled")
@EnableConfigurationProperties(WsRpcServerProperties.class)
public final class WsRpcServerAutoConfiguration {

	/** The bean name of the server's own {@code PubSubClient}, for {@code @PubSubListener(client = ...)}. */
	public static final String SERVER_CLIENT_BEAN_NAME = "wsrpcServer";

	@Bean
	@ConditionalOnMissingBean
	WsRpcEventNotifier wsRpcEventNotifier() {
		return new WsRpcEventNotifier();
	}

	@Bean
	@ConditionalOnMissingBean
	WsRpcEndpointHandler wsRpcEndpointHandler(WsRpcServerProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			WsRpcEventNotifier notifier, ObjectProvider<WsRpcAuthorizer> authorizer,
			ObjectProvider<WsRpcSessionListener> sessionListeners) {
		WsRpcEndpointSettings settings = new WsRpcEndpointSettings(properties.getMaxSubscriptionsPerSession(),
				(int) properties.getSendBufferSizeLimit().toBytes(), properties.getSendTimeLimit(),
				properties.getNotifyTimeout(), properties.getMaxTextMessageSize().toBytes(), properties.getIdleTimeout(),
				properties.getFirstMessageTimeout(), (int) properties.getTextBufferSize().toBytes());
		return new WsRpcEndpointHandler(jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), notifier,
				settings, authorizer.getIfAvailable(() -> WsRpcAuthorizer.ALLOW_ALL),
				sessionListeners.orderedStream().toList());
	}

	@Bean(SERVER_CLIENT_BEAN_NAME)
	@ConditionalOnMissingBean(name = SERVER_CLIENT_BEAN_NAME)
	WsRpcServerPubSubClient wsrpcServer(WsRpcServerProperties properties, ObjectProvider<JsonMapper> jsonMapper,
			WsRpcEndpointHandler handler) {
		return new WsRpcServerPubSubClient(SERVER_CLIENT_BEAN_NAME,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()), handler, properties.getTopicSeparator());
	}

	@Bean
	WebSocketConfigurer wsRpcWebSocketConfigurer(WsRpcServerProperties properties, WsRpcEndpointHandler handler,
			ObjectProvider<WsRpcAuthorizer> authorizer) {
		return (registry) -> registry.addHandler(handler, properties.getPath())
			.addInterceptors(new WsRpcHandshakeInterceptor(authorizer.getIfAvailable(() -> WsRpcAuthorizer.ALLOW_ALL)))
			.setAllowedOriginPatterns(properties.getAllowedOriginPatterns().toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebSocket
	static class EnableWebSocketConfiguration {

	}

}
