package dev.pubsub.test.wsrpc;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.pubsub.test.EmbeddedPubSubServerFactory;
import dev.pubsub.wsrpc.server.WsRpcAuthorizer;
import dev.pubsub.wsrpc.server.WsRpcEndpointSettings;

/**
 * Creates the {@link EmbeddedWsRpcServer} an {@link EmbeddedWsRpc @EmbeddedWsRpc} declares and the
 * properties that point a wsrpc client at it.
 */
public final class EmbeddedWsRpcServerFactory implements EmbeddedPubSubServerFactory<EmbeddedWsRpc, EmbeddedWsRpcServer> {

	@Override
	public EmbeddedWsRpcServer createServer(EmbeddedWsRpc annotation) {
		WsRpcEndpointSettings defaults = WsRpcEndpointSettings.defaults();
		WsRpcEndpointSettings settings = new WsRpcEndpointSettings(annotation.maxSubscriptionsPerSession(),
				defaults.sendBufferSizeLimit(), defaults.sendTimeLimit(), defaults.notifyTimeout());
		return new EmbeddedWsRpcServer(annotation.port(), settings, WsRpcAuthorizer.ALLOW_ALL);
	}

	@Override
	public Map<String, Object> properties(EmbeddedWsRpc annotation, EmbeddedWsRpcServer server) {
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!annotation.client().isEmpty()) {
			String prefix = "pubsub.clients." + annotation.client() + ".";
			properties.put(prefix + "type", "wsrpc");
			properties.put(prefix + "wsrpc.url", server.endpointUrl());
		}
		properties.put(annotation.urlProperty(), server.endpointUrl());
		return properties;
	}

	@Override
	public String beanName(EmbeddedWsRpc annotation) {
		return EmbeddedWsRpc.BEAN_NAME;
	}

}
