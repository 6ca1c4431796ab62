package dev.pubsub.autoconfigure;

import java.net.URI;

import javax.net.ssl.SSLContext;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.wsrpc.DefaultWsRpcPubSubClient;
import dev.pubsub.wsrpc.WsRpcClientOptions;
import dev.pubsub.wsrpc.WsRpcPubSubClient;

/**
 * Registers one {@link WsRpcPubSubClient} per {@code pubsub.clients.<name>} entry of type
 * {@code wsrpc}.
 */
class WsRpcClientsRegistrar extends AbstractPubSubClientsRegistrar<WsRpcPubSubClient> {

	@Override
	protected PubSubClientType type() {
		return PubSubClientType.WSRPC;
	}

	@Override
	protected String factoryMethodName(PubSubClientProperties properties) {
		return "wsRpcClient";
	}

	/**
	 * Create the client named {@code name}; the factory method of the registered bean definitions.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @return the client
	 */
	static WsRpcPubSubClient wsRpcClient(String name, BeanFactory beanFactory) {
		return new WsRpcClientsRegistrar().create(name, beanFactory, "wsRpcClient");
	}

	@Override
	protected WsRpcPubSubClient createClient(String name, PubSubClientProperties properties, BeanFactory beanFactory) {
		WsRpcClientProperties wsrpc = properties.getWsrpc();
		URI url = wsrpc.getUrl();
		if (url == null) {
			throw new IllegalStateException("pubsub.clients." + name + ".wsrpc.url must be set (e.g. ws://host:8000/pubsub)");
		}
		String prefix = "pubsub.clients." + name + ".wsrpc.";
		SSLContext sslContext = ClientSslContexts.sslContext(prefix, wsrpc.getSsl(), beanFactory);
		if (sslContext != null) {
			ClientSslContexts.requireScheme(prefix + "url", url, "wss", prefix + "ssl.bundle");
		}
		WsRpcClientOptions options = new WsRpcClientOptions(url, wsrpc.getHeaders(), properties.getConnectTimeout(),
				wsrpc.getHandshakePingTimeout(), wsrpc.getKeepAlive(), wsrpc.getKeepAliveTimeout(),
				wsrpc.getTopicSeparator());
		WebSocketContainer container = ContainerProvider.getWebSocketContainer();
		// small read buffers; the client joins partial messages up to max-text-message-size itself
		container.setDefaultMaxTextMessageBufferSize(DefaultWsRpcPubSubClient.READ_BUFFER_SIZE);
		container.setDefaultMaxBinaryMessageBufferSize(DefaultWsRpcPubSubClient.READ_BUFFER_SIZE);
		StandardWebSocketClient webSocketClient = new StandardWebSocketClient(container);
		if (sslContext != null) {
			webSocketClient.setSslContext(sslContext);
		}
		DefaultWsRpcPubSubClient client = new DefaultWsRpcPubSubClient(name, jsonMapper(beanFactory),
				properties.getReconnect().toPolicy(), properties.getRequestTimeout(), webSocketClient, options);
		client.setAutoConnect(properties.isAutoConnect());
		client.setMaxTextMessageSize(wsrpc.getMaxTextMessageSize().toBytes());
		return client;
	}

}
