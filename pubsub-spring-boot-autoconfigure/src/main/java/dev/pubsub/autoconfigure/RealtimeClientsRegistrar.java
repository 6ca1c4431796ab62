package dev.pubsub.autoconfigure;

import java.net.URI;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.realtime.DefaultRealtimeClient;
import dev.pubsub.realtime.RealtimeAccessTokenProvider;
import dev.pubsub.realtime.RealtimeClient;
import dev.pubsub.realtime.RealtimeUrlProvider;

/**
 * Registers the {@link RealtimeClient} beans. The access token comes from, in order: the
 * {@link RealtimeAccessTokenProvider} bean named by {@code realtime.access-token-provider}, the
 * static {@code realtime.access-token}, or the only {@code RealtimeAccessTokenProvider} bean.
 */
class RealtimeClientsRegistrar extends AbstractPubSubClientsRegistrar<RealtimeClient> {

	@Override
	protected PubSubClientType type() {
		return PubSubClientType.REALTIME;
	}

	@Override
	protected String factoryMethodName(PubSubClientProperties properties) {
		return "realtimeClient";
	}

	/**
	 * Create the client named {@code name}; the factory method of the registered bean definitions.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @return the client
	 */
	static RealtimeClient realtimeClient(String name, BeanFactory beanFactory) {
		return new RealtimeClientsRegistrar().create(name, beanFactory, "realtimeClient");
	}

	@Override
	protected RealtimeClient createClient(String name, PubSubClientProperties properties, BeanFactory beanFactory) {
		RealtimeClientProperties realtime = properties.getRealtime();
		String prefix = "pubsub.clients." + name + ".realtime.";
		if (!StringUtils.hasText(realtime.getUrl())) {
			throw new IllegalStateException(prefix + "url is required (e.g. wss://genesis.r7.21no.de)");
		}
		if (!StringUtils.hasText(realtime.getAppId())) {
			throw new IllegalStateException(prefix + "app-id is required");
		}
		RealtimeAccessTokenProvider tokens = tokenProvider(prefix, realtime, beanFactory);
		WebSocketClient webSocketClient = webSocketClient(prefix, realtime, beanFactory);
		DefaultRealtimeClient client = new DefaultRealtimeClient(name, webSocketClient,
				RealtimeUrlProvider.of(realtime.getUrl(), realtime.getAppId(), tokens), jsonMapper(beanFactory),
				properties.getReconnect().toPolicy(), properties.getRequestTimeout(), properties.getConnectTimeout(),
				realtime.getMaxFrameSize().toBytes());
		client.setAutoConnect(properties.isAutoConnect());
		client.setPingInterval(realtime.getPingInterval());
		return client;
	}

	private static WebSocketClient webSocketClient(String prefix, RealtimeClientProperties realtime,
			BeanFactory beanFactory) {
		SSLContext sslContext = ClientSslContexts.sslContext(prefix, realtime.getSsl(), beanFactory);
		if (sslContext == null) {
			return beanFactory.getBeanProvider(WebSocketClient.class).getIfUnique(StandardWebSocketClient::new);
		}
		ClientSslContexts.requireScheme(prefix + "url", URI.create(realtime.getUrl()), "wss", prefix + "ssl.bundle");
		StandardWebSocketClient client = new StandardWebSocketClient();
		client.setSslContext(sslContext);
		return client;
	}

	private static RealtimeAccessTokenProvider tokenProvider(String prefix, RealtimeClientProperties realtime,
			BeanFactory beanFactory) {
		if (StringUtils.hasText(realtime.getAccessTokenProvider())) {
			return beanFactory.getBean(realtime.getAccessTokenProvider(), RealtimeAccessTokenProvider.class);
		}
		String token = realtime.getAccessToken();
		if (StringUtils.hasText(token)) {
			return () -> token;
		}
		Map<String, RealtimeAccessTokenProvider> providers = (beanFactory instanceof ListableBeanFactory listable)
				? listable.getBeansOfType(RealtimeAccessTokenProvider.class) : Map.of();
		if (providers.size() == 1) {
			return providers.values().iterator().next();
		}
		throw new IllegalStateException(prefix + "access-token or " + prefix + "access-token-provider is required"
				+ (providers.isEmpty() ? "" : "; RealtimeAccessTokenProvider beans: " + providers.keySet()));
	}

}
