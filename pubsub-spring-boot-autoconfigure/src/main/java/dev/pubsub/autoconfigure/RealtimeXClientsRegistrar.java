package dev.pubsub.autoconfigure;

import java.net.URI;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.StringUtils;
import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.realtimex.DefaultRealtimeXClient;
import dev.pubsub.realtimex.HttpRealtimeXAuthorizer;
import dev.pubsub.realtimex.RealtimeXAuthorizer;
import dev.pubsub.realtimex.RealtimeXClient;
import dev.pubsub.realtimex.SigningRealtimeXAuthorizer;

/**
 * Registers one {@link RealtimeXClient} per {@code pubsub.clients.<name>} entry of type
 * {@code realtimex}. Authorisation, in order: a unique {@link RealtimeXAuthorizer} bean, the
 * {@code auth-endpoint} (over TLS with {@code auth-endpoint-ssl.bundle} when set, else the JVM's
 * trust store), local signing with {@code app-key}/{@code app-secret}, else none (private and
 * presence channels are refused).
 */
class RealtimeXClientsRegistrar extends AbstractPubSubClientsRegistrar<RealtimeXClient> {

	@Override
	protected PubSubClientType type() {
		return PubSubClientType.REALTIMEX;
	}

	@Override
	protected String factoryMethodName(PubSubClientProperties properties) {
		return "realtimeXClient";
	}

	/**
	 * Create the client named {@code name}; the factory method of the registered bean definitions.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @return the client
	 */
	static RealtimeXClient realtimeXClient(String name, BeanFactory beanFactory) {
		return new RealtimeXClientsRegistrar().create(name, beanFactory, "realtimeXClient");
	}

	@Override
	protected RealtimeXClient createClient(String name, PubSubClientProperties properties, BeanFactory beanFactory) {
		RealtimeXClientProperties realtimex = properties.getRealtimex();
		JsonMapper jsonMapper = jsonMapper(beanFactory);
		WebSocketClient webSocketClient = webSocketClient(name, realtimex, beanFactory);
		DefaultRealtimeXClient client = new DefaultRealtimeXClient(name, jsonMapper,
				properties.getReconnect().toPolicy(), properties.getRequestTimeout(), properties.getConnectTimeout(),
				DefaultRealtimeXClient.uri(realtimex.getWsHost(), realtimex.getWsPort(), realtimex.isEncrypted(),
						realtimex.getPath(), realtimex.getApiKey()),
				authorizer(name, properties, beanFactory, jsonMapper), webSocketClient);
		client.setAutoConnect(properties.isAutoConnect());
		client.setMaxFrameSize(realtimex.getMaxFrameSize().toBytes());
		return client;
	}

	private static WebSocketClient webSocketClient(String name, RealtimeXClientProperties realtimex,
			BeanFactory beanFactory) {
		String prefix = "pubsub.clients." + name + ".realtimex.";
		SSLContext sslContext = ClientSslContexts.sslContext(prefix, realtimex.getSsl(), beanFactory);
		if (sslContext == null) {
			return beanFactory.getBeanProvider(WebSocketClient.class).getIfUnique(StandardWebSocketClient::new);
		}
		if (!realtimex.isEncrypted()) {
			throw new IllegalStateException(prefix + "ssl.bundle is set, but " + prefix
					+ "encrypted=false connects with ws://, so the bundle would not be used; remove one of them");
		}
		StandardWebSocketClient client = new StandardWebSocketClient();
		client.setSslContext(sslContext);
		return client;
	}

	private @Nullable RealtimeXAuthorizer authorizer(String name, PubSubClientProperties properties,
			BeanFactory beanFactory, JsonMapper jsonMapper) {
		RealtimeXClientProperties realtimex = properties.getRealtimex();
		String prefix = "pubsub.clients." + name + ".realtimex.";
		String bundleProperty = prefix + "auth-endpoint-ssl.bundle";
		boolean bundleSet = StringUtils.hasText(realtimex.getAuthEndpointSsl().getBundle());
		RealtimeXAuthorizer bean = beanFactory.getBeanProvider(RealtimeXAuthorizer.class).getIfUnique();
		if (bean != null) {
			if (bundleSet) {
				throw new IllegalStateException(bundleProperty + " is set, but a RealtimeXAuthorizer bean replaces the "
						+ "auth endpoint, so the bundle would not be used; remove one of them");
			}
			return bean;
		}
		URI endpoint = realtimex.getAuthEndpoint();
		if (endpoint != null) {
			if (bundleSet) {
				ClientSslContexts.requireScheme(prefix + "auth-endpoint", endpoint, "https", bundleProperty);
			}
			SSLContext sslContext = ClientSslContexts.sslContext(prefix + "auth-endpoint-", realtimex.getAuthEndpointSsl(),
					beanFactory);
			return new HttpRealtimeXAuthorizer(endpoint, realtimex.getApiKey(), realtimex.getAuthHeaders(),
					properties.getRequestTimeout(), jsonMapper, sslContext);
		}
		if (bundleSet) {
			throw new IllegalStateException(bundleProperty + " is set, but " + prefix
					+ "auth-endpoint is not, so the bundle would not be used; remove it or set an https auth-endpoint");
		}
		if (StringUtils.hasText(realtimex.getAppSecret())) {
			if (!StringUtils.hasText(realtimex.getAppKey())) {
				throw new IllegalStateException("pubsub.clients." + name
						+ ".realtimex.app-key must be set when app-secret is set");
			}
			return new SigningRealtimeXAuthorizer(
					new ChannelAuthSigner(ChannelAuthCredentials.of(realtimex.getAppKey(), realtimex.getAppSecret())),
					realtimex.getPresenceUserId(), realtimex.getPresenceUserInfo(), jsonMapper);
		}
		return null;
	}

}
