package dev.pubsub.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;

/**
 * Exports the wsrpc endpoint's counters (and its broadcast bridge's, if any) as Micrometer meters
 * when Micrometer, a {@link MeterRegistry} and the endpoint are present.
 */
@AutoConfiguration(after = { WsRpcServerAutoConfiguration.class, WsRpcBroadcastAutoConfiguration.class },
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, WsRpcEndpointHandler.class })
public final class WsRpcServerMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WsRpcServerMetricsBinder wsRpcServerMetricsBinder(WsRpcEndpointHandler handler,
			ObjectProvider<WsRpcBroadcastBridge> bridge) {
		return new WsRpcServerMetricsBinder(handler, bridge);
	}

}
