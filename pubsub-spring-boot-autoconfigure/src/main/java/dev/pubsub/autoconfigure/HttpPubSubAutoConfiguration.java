package dev.pubsub.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubReceiveController;

/**
 * Auto-configuration of httppubsub clients ({@code type: httppubsub}) and, in a servlet web
 * application, their receive endpoints.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class)
@ConditionalOnClass(name = "org.springframework.web.client.RestClient")
@Import(HttpPubSubClientsRegistrar.class)
public final class HttpPubSubAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	@EnableConfigurationProperties(HttpPubSubReceiveProperties.class)
	static class ReceiveEndpointConfiguration {

		@Bean
		@ConditionalOnMissingBean
		HttpPubSubReceiveController httpPubSubReceiveController(ListableBeanFactory beanFactory,
				HttpPubSubReceiveProperties properties) {
			return new HttpPubSubReceiveController((name) -> client(beanFactory, name), properties.getReceiveTimeout());
		}

		private static @Nullable DefaultHttpPubSubClient client(ListableBeanFactory beanFactory, String name) {
			if (!beanFactory.containsBean(name) || !beanFactory.isTypeMatch(name, DefaultHttpPubSubClient.class)) {
				return null;
			}
			return beanFactory.getBean(name, DefaultHttpPubSubClient.class);
		}

	}

}
