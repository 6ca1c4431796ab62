package dev.pubsub.test;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

/**
 * A second provider annotation for tests that declare two embedded servers on one class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@EmbeddedPubSub(SecondGateway.Factory.class)
@interface SecondGateway {

	/**
	 * Creates a plain gateway with app id {@code second}.
	 */
	final class Factory implements EmbeddedPubSubServerFactory<SecondGateway, EmbeddedRealtimeGateway> {

		@Override
		public EmbeddedRealtimeGateway createServer(SecondGateway annotation) {
			return EmbeddedRealtimeGateway.builder().appId("second").build();
		}

		@Override
		public Map<String, Object> properties(SecondGateway annotation, EmbeddedRealtimeGateway server) {
			return Map.of("second.url", server.url());
		}

		@Override
		public String beanName(SecondGateway annotation) {
			return "secondGateway";
		}

	}

}
