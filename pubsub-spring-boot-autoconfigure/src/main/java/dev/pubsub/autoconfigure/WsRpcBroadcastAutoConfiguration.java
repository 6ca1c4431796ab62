package dev.pubsub.autoconfigure;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;
import dev.pubsub.wsrpc.server.WsRpcEventNotifier;

/**
 * Connects the wsrpc endpoint's topic registry to a {@link WsRpcBroadcaster} (the Redis one
 * configured by {@link WsRpcServerAutoConfiguration}, or one the application defines) through a
 * {@link WsRpcBroadcastBridge}.
 */
@AutoConfiguration(after = WsRpcServerAutoConfiguration.class)
@ConditionalOnBean({ WsRpcBroadcaster.class, WsRpcEventNotifier.class })
public final class WsRpcBroadcastAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsRpcBroadcastBridge wsRpcBroadcastBridge(WsRpcEventNotifier notifier, WsRpcBroadcaster broadcaster,
			ObjectProvider<JsonMapper> jsonMapper) {
		return new WsRpcBroadcastBridge(notifier, broadcaster,
				jsonMapper.getIfAvailable(() -> JsonMapper.builder().build()));
	}

}
