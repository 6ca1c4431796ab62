package dev.pubsub.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.env.Environment;

import org.springframework.web.socket.client.WebSocketClient;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubCredentials;
import dev.pubsub.httppubsub.HttpPubSubCredentialsProvider;
import dev.pubsub.httppubsub.HttpPubSubSettings;
import dev.pubsub.httppubsub.WebsocketHttpPubSubClient;
import dev.pubsub.httppubsub.WebsocketHttpPubSubSettings;

/**
 * Registers one client per {@code pubsub.clients.<name>} of type {@code httppubsub}: a
 * {@link DefaultHttpPubSubClient} for the http transport, a {@link WebsocketHttpPubSubClient} for
 * the websocket transport.
 */
class HttpPubSubClientsRegistrar extends AbstractPubSubClientsRegistrar<PubSubClient> {

	/** Property naming the base path of the receive endpoints. */
	static final String BASE_PATH_PROPERTY = "pubsub.httppubsub.base-path";

	/** Default base path of the receive endpoints. */
	static final String DEFAULT_BASE_PATH = "/pubsub/httppubsub";

	@Override
	protected PubSubClientType type() {
		return PubSubClientType.HTTPPUBSUB;
	}

	@Override
	protected String factoryMethodName(PubSubClientProperties properties) {
		return isWebsocket(properties) ? "websocketHttpPubSubClient" : "httpPubSubClient";
	}

	/**
	 * Create the http-transport client named {@code name}; a factory method of the registered bean
	 * definitions.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @return the client
	 */
	static DefaultHttpPubSubClient httpPubSubClient(String name, BeanFactory beanFactory) {
		return (DefaultHttpPubSubClient) new HttpPubSubClientsRegistrar().create(name, beanFactory,
				"httpPubSubClient");
	}

	/**
	 * Create the websocket-transport client named {@code name}; a factory method of the registered
	 * bean definitions.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @return the client
	 */
	static WebsocketHttpPubSubClient websocketHttpPubSubClient(String name, BeanFactory beanFactory) {
		return (WebsocketHttpPubSubClient) new HttpPubSubClientsRegistrar().create(name, beanFactory,
				"websocketHttpPubSubClient");
	}

	private static boolean isWebsocket(PubSubClientProperties properties) {
		return properties.getHttppubsub().getTransport() == HttpPubSubClientProperties.Transport.WEBSOCKET;
	}

	@Override
	protected PubSubClient createClient(String name, PubSubClientProperties properties, BeanFactory beanFactory) {
		HttpPubSubClientProperties http = properties.getHttppubsub();
		JsonMapper jsonMapper = jsonMapper(beanFactory);
		HttpPubSubCredentials credentials = credentials(name, http, beanFactory, jsonMapper);
		return isWebsocket(properties) ? createWebsocketClient(name, properties, beanFactory, jsonMapper, credentials)
				: createHttpClient(name, properties, beanFactory, jsonMapper, credentials);
	}

	private static WebsocketHttpPubSubClient createWebsocketClient(String name, PubSubClientProperties properties,
			BeanFactory beanFactory, JsonMapper jsonMapper, HttpPubSubCredentials credentials) {
		HttpPubSubClientProperties http = properties.getHttppubsub();
		long partSize = http.getWebsocketPartSize().toBytes();
		if (partSize < 512 || partSize > Integer.MAX_VALUE) {
			throw new IllegalStateException("pubsub.clients." + name
					+ ".httppubsub.websocket-part-size must be between 512 bytes and 2GB, got " + partSize);
		}
		WebsocketHttpPubSubSettings settings = new WebsocketHttpPubSubSettings(http.getBroadcasters(),
				credentials.toBroadcaster(), credentials.toSubscriber(), http.getNotifyTimeout(),
				http.getMaxMessageSize().toBytes(), (int) partSize, http.isMinimalHeaders());
		SSLContext sslContext = sslContext(name, http, beanFactory);
		WebSocketClient webSocketClient;
		if (sslContext != null) {
			StandardWebSocketClient secure = new StandardWebSocketClient();
			secure.setSslContext(sslContext);
			webSocketClient = secure;
		}
		else {
			webSocketClient = beanFactory.getBeanProvider(WebSocketClient.class)
				.getIfUnique(StandardWebSocketClient::new);
		}
		WebsocketHttpPubSubClient client = new WebsocketHttpPubSubClient(name, jsonMapper,
				properties.getReconnect().toPolicy(), properties.getRequestTimeout(), settings, webSocketClient);
		client.setAutoConnect(properties.isAutoConnect());
		return client;
	}

	private static DefaultHttpPubSubClient createHttpClient(String name, PubSubClientProperties properties,
			BeanFactory beanFactory, JsonMapper jsonMapper, HttpPubSubCredentials credentials) {
		HttpPubSubClientProperties http = properties.getHttppubsub();
		Environment environment = beanFactory.getBean(Environment.class);
		String basePath = environment.getProperty(BASE_PATH_PROPERTY, DEFAULT_BASE_PATH);
		String fragment = (http.getUrlFragment() != null) ? "#" + http.getUrlFragment() : "";
		Supplier<String> base = () -> callbackBase(http, environment);
		Supplier<String> receive = () -> base.get() + basePath + "/" + name + "/receive" + fragment;
		Supplier<String> recovery = http.isRecovery() ? () -> base.get() + basePath + "/" + name + "/recover" + fragment
				: null;
		HttpPubSubSettings settings = new HttpPubSubSettings(http.getBroadcasters(), receive, recovery,
				credentials.toBroadcaster(), credentials.toSubscriber(), http.getResyncInterval(),
				http.getNotifyTimeout(), http.getMaxMessageSize().toBytes(), http.getRetries(), http.getRetryBackoff(),
				sslContext(name, http, beanFactory));
		DefaultHttpPubSubClient client = new DefaultHttpPubSubClient(name, jsonMapper,
				properties.getReconnect().toPolicy(), properties.getRequestTimeout(), settings);
		client.setAutoConnect(properties.isAutoConnect());
		return client;
	}

	private static @Nullable SSLContext sslContext(String name, HttpPubSubClientProperties http,
			BeanFactory beanFactory) {
		String prefix = "pubsub.clients." + name + ".httppubsub.";
		SSLContext sslContext = ClientSslContexts.sslContext(prefix, http.getSsl(), beanFactory);
		if (sslContext != null) {
			for (URI broadcaster : http.getBroadcasters()) {
				ClientSslContexts.requireScheme(prefix + "broadcasters", broadcaster, "https", prefix + "ssl.bundle");
			}
		}
		return sslContext;
	}

	private static String callbackBase(HttpPubSubClientProperties http, Environment environment) {
		String configured = http.getCallbackBaseUrl();
		if (configured != null && !configured.isBlank()) {
			return configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
		}
		String port = environment.getProperty("local.server.port");
		if (port == null) {
			String configuredPort = environment.getProperty("server.port");
			port = (configuredPort != null && !configuredPort.isBlank() && !"0".equals(configuredPort.trim()))
					? configuredPort.trim() : null;
		}
		if (port == null) {
			throw new IllegalStateException("the local server port is not known yet; set callback-base-url");
		}
		return "http://127.0.0.1:" + port;
	}

	private static HttpPubSubCredentials credentials(String name, HttpPubSubClientProperties http,
			BeanFactory beanFactory, JsonMapper jsonMapper) {
		HttpPubSubCredentialsProvider provider = beanFactory.getBeanProvider(HttpPubSubCredentialsProvider.class)
			.getIfAvailable();
		if (provider != null) {
			HttpPubSubCredentials provided = provider.credentials(name);
			if (provided != null) {
				return provided;
			}
		}
		HttpPubSubCredentials fromFile = (http.getSecretsFile() != null)
				? HttpPubSubCredentials.fromSecretsFile(Path.of(http.getSecretsFile()), jsonMapper) : null;
		try {
			return new HttpPubSubCredentials(
					auth(http.getToBroadcaster(), (fromFile != null) ? fromFile.toBroadcaster() : null),
					auth(http.getToSubscriber(), (fromFile != null) ? fromFile.toSubscriber() : null));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("pubsub.clients." + name + ".httppubsub: " + ex.getMessage());
		}
	}

	private static HttpPubSubAuth auth(HttpPubSubClientProperties.Auth auth, @Nullable HttpPubSubAuth fallback) {
		if (auth.getType() == null) {
			return (fallback != null) ? fallback : HttpPubSubAuth.none();
		}
		return HttpPubSubAuth.of(HttpPubSubAuth.Mode.valueOf(auth.getType().name()), auth.getSecret());
	}

}
