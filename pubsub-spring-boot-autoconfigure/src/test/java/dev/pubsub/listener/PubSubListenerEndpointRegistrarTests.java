package dev.pubsub.listener;

import org.junit.jupiter.api.Test;

import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubListenerEndpointRegistrar}: setting the custom argument resolvers replaces what
 * was set before instead of adding to it.
 */
class PubSubListenerEndpointRegistrarTests {

	@Test
	void settingTheCustomResolversReplacesThePreviousOnes() {
		PubSubListenerEndpointRegistrar registrar = new PubSubListenerEndpointRegistrar();
		HandlerMethodArgumentResolver first = new Fixed("first");
		HandlerMethodArgumentResolver second = new Fixed("second");
		registrar.setCustomMethodArgumentResolvers(first);
		registrar.setCustomMethodArgumentResolvers(second);
		assertThat(registrar.getCustomMethodArgumentResolvers()).containsExactly(second);
		registrar.setCustomMethodArgumentResolvers();
		assertThat(registrar.getCustomMethodArgumentResolvers()).isEmpty();
	}

	private record Fixed(String value) implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return false;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, Message<?> message) {
			return this.value;
		}

	}

}
