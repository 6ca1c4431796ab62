package dev.pubsub.sample.realtime;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;

/**
 * Starts an embedded Realtime gateway in-process when {@code sample.realtime.embedded} is true (the
 * default) and points the {@code gateway} client at it, before the context refreshes. Set it to
 * false and configure {@code pubsub.clients.gateway.realtime.*} to use a real gateway.
 */
public class EmbeddedGatewayInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (!environment.getProperty("sample.realtime.embedded", Boolean.class, true)) {
			return;
		}
		EmbeddedRealtimeGateway gateway = EmbeddedRealtimeGateway.builder().start();
		String token = gateway.tokens().mint("sample-service", JwtTestTokens.ALL_TOPICS);
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedRealtimeGateway",
					Map.of("pubsub.clients.gateway.realtime.url", gateway.url(),
							"pubsub.clients.gateway.realtime.app-id", gateway.appId(),
							"pubsub.clients.gateway.realtime.access-token", token)));
		context.getBeanFactory().registerSingleton("embeddedRealtimeGateway", gateway);
		context.addApplicationListener((org.springframework.context.event.ContextClosedEvent event) -> gateway.stop());
	}

}
