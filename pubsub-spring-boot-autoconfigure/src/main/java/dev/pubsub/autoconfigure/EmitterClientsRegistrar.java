package dev.pubsub.autoconfigure;

import javax.net.ssl.SSLContext;

import org.springframework.beans.factory.BeanFactory;

import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.emitter.EmitterClientSettings;
import dev.pubsub.emitter.PahoEmitterClient;

/**
 * Registers one {@link EmitterClient} bean per {@code pubsub.clients.<name>} entry of type
 * {@code emitter}.
 */
class EmitterClientsRegistrar extends AbstractPubSubClientsRegistrar<EmitterClient> {

	@Override
	protected PubSubClientType type() {
		return PubSubClientType.EMITTER;
	}

	@Override
	protected String factoryMethodName(PubSubClientProperties properties) {
		return "emitterClient";
	}

	/**
	 * Create the client named {@code name}; the factory method of the registered bean definitions.
	 * @param name the client and bean name
	 * @param beanFactory the bean factory
	 * @return the client
	 */
	static EmitterClient emitterClient(String name, BeanFactory beanFactory) {
		return new EmitterClientsRegistrar().create(name, beanFactory, "emitterClient");
	}

	@Override
	protected EmitterClient createClient(String name, PubSubClientProperties properties, BeanFactory beanFactory) {
		EmitterClientProperties emitter = properties.getEmitter();
		EmitterClientSettings settings;
		SSLContext sslContext = ClientSslContexts.sslContext("pubsub.clients." + name + ".emitter.", emitter.getSsl(),
				beanFactory);
		try {
			settings = new EmitterClientSettings(emitter.getHost(), emitter.getPort(), emitter.isTls(),
					emitter.getUsername(), emitter.getClientId(), emitter.getKeepAlive(), properties.getConnectTimeout(),
					emitter.getChannelKeys(), emitter.getOfflinePublishMode(), emitter.getOfflineQueueCapacity(),
					emitter.getMaxMessageSize(), emitter.getRestoreLast(), sslContext,
					emitter.getMaxInboundPacketSize());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Invalid configuration of pubsub.clients." + name + ".emitter: "
					+ ex.getMessage(), ex);
		}
		PahoEmitterClient client = new PahoEmitterClient(name, settings, jsonMapper(beanFactory),
				properties.getReconnect().toPolicy(), properties.getRequestTimeout());
		client.setAutoConnect(properties.isAutoConnect());
		return client;
	}

}
