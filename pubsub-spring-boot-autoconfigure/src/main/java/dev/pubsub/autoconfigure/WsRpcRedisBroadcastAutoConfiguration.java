package dev.pubsub.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.StringUtils;

import dev.pubsub.wsrpc.broadcast.RedisWsRpcBroadcaster;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;
import dev.pubsub.wsrpc.server.WsRpcEventNotifier;

/**
 * Redis fan-out of the wsrpc endpoint ({@code pubsub.wsrpc.server.broadcast.type=redis}): a
 * {@link RedisWsRpcBroadcaster} on the {@link RedisConnectionFactory} that Spring Boot's
 * {@code DataRedisAutoConfiguration} builds from {@code spring.data.redis.*} (url, including
 * {@code rediss://}, host, port, username, password, database, SSL bundle, sentinel, cluster), or on
 * the application's own factory.
 * <p>
 * It is never silently off: without Spring Data Redis on the classpath, without a single
 * connection factory, or with the removed {@code broadcast.redis-url}, startup fails with a
 * {@link WsRpcBroadcastSetupException} naming the dependency or property to fix.
 */
@AutoConfiguration(after = WsRpcServerAutoConfiguration.class, before = WsRpcBroadcastAutoConfiguration.class,
		afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnBean(WsRpcEventNotifier.class)
@ConditionalOnProperty(name = "pubsub.wsrpc.server.broadcast.type", havingValue = "redis")
public final class WsRpcRedisBroadcastAutoConfiguration {

	static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass(REDIS_CONNECTION_FACTORY)
	@ConditionalOnMissingBean(WsRpcBroadcaster.class)
	@Import(FailWithoutSpringDataRedis.class)
	static class MissingSpringDataRedisConfiguration {

	}

	/**
	 * Fails while bean definitions are read, so even a lazily initialised context does not start.
	 */
	static class FailWithoutSpringDataRedis implements ImportBeanDefinitionRegistrar {

		@Override
		public void registerBeanDefinitions(AnnotationMetadata importingClassMetadata,
				BeanDefinitionRegistry registry) {
			throw WsRpcBroadcastSetupException.missingSpringDataRedis(REDIS_CONNECTION_FACTORY);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = REDIS_CONNECTION_FACTORY)
	static class RedisBroadcastConfiguration {

		@Bean
		@ConditionalOnMissingBean(WsRpcBroadcaster.class)
		RedisWsRpcBroadcaster wsRpcRedisBroadcaster(WsRpcServerProperties properties,
				ObjectProvider<RedisConnectionFactory> connectionFactories) {
			WsRpcServerProperties.Broadcast broadcast = properties.getBroadcast();
			if (StringUtils.hasText(broadcast.getRedisUrl())) { // removed property: fail, never ignore
				throw WsRpcBroadcastSetupException.removedRedisUrl();
			}
			RedisConnectionFactory connectionFactory = connectionFactories.getIfUnique();
			if (connectionFactory == null) {
				throw WsRpcBroadcastSetupException.noConnectionFactory((int) connectionFactories.stream().count());
			}
			return new RedisWsRpcBroadcaster(connectionFactory, broadcast.getChannel(), broadcast.getRecoveryInterval(),
					broadcast.getMaxPending().toBytes(), broadcast.getHealthTimeout());
		}

	}

}
