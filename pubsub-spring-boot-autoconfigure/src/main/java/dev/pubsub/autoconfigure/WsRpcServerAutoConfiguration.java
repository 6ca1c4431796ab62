package dev.pubsub.autoconfigure;

import java.net.URI;


import io.lettuce.core.ClientOptions;
import jakarta.websocket.server.ServerContainer;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;

import dev.pubsub.wsrpc.broadcast.RedisWsRpcBroadcaster;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;
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
 * the server's own events as the {@code PubSubClient} bean {@value #SERVER_CLIENT_BEAN_NAME}, and an
 * optional Redis broadcast.
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, ClientOptions.class })
	@ConditionalOnProperty(name = "pubsub.wsrpc.server.broadcast.type", havingValue = "redis")
	static class RedisBroadcastConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WsRpcBroadcaster wsRpcRedisBroadcaster(WsRpcServerProperties properties,
				ObjectProvider<RedisConnectionFactory> connectionFactory) {
			WsRpcServerProperties.Broadcast broadcast = properties.getBroadcast();
			long recovery = broadcast.getRecoveryInterval().toMillis();
			if (StringUtils.hasText(broadcast.getRedisUrl())) {
				LettuceConnectionFactory factory = connectionFactory(broadcast.getRedisUrl());
				return new RedisWsRpcBroadcaster(factory, broadcast.getChannel(), recovery)
					.closingConnectionFactoryOnStop();
			}
			RedisConnectionFactory shared = connectionFactory.getIfAvailable();
			if (shared == null) {
				throw new IllegalStateException("pubsub.wsrpc.server.broadcast.type=redis needs "
						+ "pubsub.wsrpc.server.broadcast.redis-url or a RedisConnectionFactory bean");
			}
			return new RedisWsRpcBroadcaster(shared, broadcast.getChannel(), recovery);
		}

		private static LettuceConnectionFactory connectionFactory(String redisUrl) {
			URI uri = URI.create(redisUrl);
			if (!"redis".equals(uri.getScheme()) || uri.getHost() == null) {
				throw new IllegalStateException(
						"pubsub.wsrpc.server.broadcast.redis-url must look like redis://[:password@]host:port");
			}
			RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(uri.getHost(),
					(uri.getPort() > 0) ? uri.getPort() : 6379);
			String userInfo = uri.getUserInfo();
			if (userInfo != null) {
				String password = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
				server.setPassword(password);
			}
			LettuceClientConfiguration client = LettuceClientConfiguration.builder()
				.clientOptions(ClientOptions.builder()
					.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
					.build())
				.build();
			LettuceConnectionFactory factory = new LettuceConnectionFactory(server, client);
			factory.afterPropertiesSet();
			factory.start();
			return factory;
		}

	}

}
