package dev.pubsub.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;

/**
 * Health contributor {@code wsrpcBroadcast} ({@link WsRpcBroadcastHealthIndicator}) when the wsrpc
 * endpoint shares its events through a broadcaster; off with
 * {@code management.health.wsrpc-broadcast.enabled=false}.
 */
@AutoConfiguration(after = WsRpcBroadcastAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(WsRpcBroadcastBridge.class)
@ConditionalOnEnabledHealthIndicator("wsrpc-broadcast")
public final class WsRpcBroadcastHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = { "wsrpcBroadcastHealthIndicator", "wsrpcBroadcastHealthContributor" })
	WsRpcBroadcastHealthIndicator wsrpcBroadcastHealthIndicator(WsRpcBroadcastBridge bridge) {
		return new WsRpcBroadcastHealthIndicator(bridge);
	}

}
