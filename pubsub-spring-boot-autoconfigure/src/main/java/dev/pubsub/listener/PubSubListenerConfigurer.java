package dev.pubsub.listener;

/**
 * Implemented by beans that customize how {@link PubSubListener} methods are bound, like
 * spring-kafka's {@code KafkaListenerConfigurer}: set the {@link org.springframework.validation.Validator}
 * of {@code @Valid} payloads, add custom argument resolvers, or replace the
 * {@link org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory}
 * altogether. Every such bean is called once, in {@link org.springframework.core.Ordered order},
 * before the first listener is registered; a later configurer overrides what an earlier one set.
 */
@FunctionalInterface
public interface PubSubListenerConfigurer {

	/**
	 * Configure the registrar that binds the listener methods.
	 * @param registrar the registrar
	 */
	void configurePubSubListeners(PubSubListenerEndpointRegistrar registrar);

}
