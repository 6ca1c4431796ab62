package dev.pubsub.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.listener.EnablePubSub;
import dev.pubsub.listener.PubSubListenerConfigUtils;
import dev.pubsub.listener.PubSubListenerContainerFactory;
import dev.pubsub.listener.PubSubListenerEndpointRegistry;
import dev.pubsub.listener.PubSubListenerErrorHandler;

/**
 * Core auto-configuration of the pub/sub starter: {@link PubSubProperties}, validation of
 * {@code pubsub.clients}, {@link PubSubClientCustomizer} support, and the {@code @PubSubListener}
 * infrastructure (the default container factory, configured by the
 * {@link PubSubListenerContainerFactoryConfigurer}). Provider
 * auto-configurations run after it.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(PubSubProperties.class)
@Import(PubSubClientsValidator.class)
public final class PubSubAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	PubSubListenerContainerFactoryConfigurer pubSubListenerContainerFactoryConfigurer(PubSubProperties properties,
			ObjectProvider<PubSubListenerErrorHandler> errorHandler) {
		return new PubSubListenerContainerFactoryConfigurer(properties.getListener(), errorHandler.getIfUnique());
	}

	@Bean(PubSubListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	@ConditionalOnMissingBean(name = PubSubListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)
	PubSubListenerContainerFactory pubSubListenerContainerFactory(PubSubListenerContainerFactoryConfigurer configurer) {
		PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
		configurer.configure(factory);
		return factory;
	}

	@Bean
	static PubSubClientCustomizerBeanPostProcessor pubSubClientCustomizerBeanPostProcessor() {
		return new PubSubClientCustomizerBeanPostProcessor();
	}

	@Bean
	static LazyInitializationExcludeFilter pubSubLazyInitializationExcludeFilter() {
		return LazyInitializationExcludeFilter.forBeanTypes(PubSubClient.class, PubSubListenerEndpointRegistry.class);
	}

	/**
	 * Enables {@code @PubSubListener} detection unless the application did it itself.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnablePubSub
	@ConditionalOnMissingBean(name = PubSubListenerConfigUtils.PUBSUB_LISTENER_ANNOTATION_PROCESSOR_BEAN_NAME)
	static class EnablePubSubConfiguration {

	}

}
