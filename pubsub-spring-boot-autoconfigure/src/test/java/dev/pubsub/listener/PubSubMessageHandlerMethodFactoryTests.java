package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.expression.StandardBeanExpressionResolver;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubMessageHandlerMethodFactory} without a context: the bean factory it is given
 * resolves {@code ${...}} placeholders in {@code @Header} names and default values.
 */
class PubSubMessageHandlerMethodFactoryTests {

	@Test
	void headerNamesAndDefaultsAreResolvedByTheBeanFactory() throws Exception {
		Map<String, String> properties = Map.of("app.trace-header", "trace-id", "app.tenant-header", "tenant",
				"app.default-tenant", "acme");
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		// what an application context sets up: placeholders, then SpEL
		beanFactory.setBeanExpressionResolver(new StandardBeanExpressionResolver());
		beanFactory.addEmbeddedValueResolver((value) -> {
			String resolved = value;
			for (Map.Entry<String, String> property : properties.entrySet()) {
				resolved = resolved.replace("${" + property.getKey() + "}", property.getValue());
			}
			return resolved;
		});
		Method method = ReflectionUtils.findMethod(Listener.class, "handle", String.class, String.class);
		InvocableHandlerMethod handler = new PubSubMessageHandlerMethodFactory(beanFactory)
			.createInvocableHandlerMethod(new Listener(), method);

		Message<String> withTenant = MessageBuilder.withPayload("p").setHeader("trace-id", "t-1")
			.setHeader("tenant", "globex").build();
		assertThat(handler.invoke(withTenant)).isEqualTo("t-1/globex");
		Message<String> withoutTenant = MessageBuilder.withPayload("p").setHeader("trace-id", "t-2").build();
		assertThat(handler.invoke(withoutTenant)).isEqualTo("t-2/acme");
	}

	static class Listener {

		public String handle(@Header("${app.trace-header}") String trace,
				@Header(name = "${app.tenant-header}", defaultValue = "${app.default-tenant}") String tenant) {
			return trace + "/" + tenant;
		}

	}

}
