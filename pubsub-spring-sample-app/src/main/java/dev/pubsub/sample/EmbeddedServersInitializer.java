package dev.pubsub.sample;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.JwtTestTokens;

/**
 * Starts the sample's embedded servers on free ports before the context refreshes and points the
 * clients at them, so the sample runs with no external service. Each can be switched off
 * ({@code sample.realtime.embedded=false}, {@code sample.httppubsub.embedded=false}) to use a real
 * system configured under {@code pubsub.clients.*}.
 * <p>
 * Nothing is started while Spring's AOT processing runs the application at build time
 * ({@link #isAotProcessing()}): the clients' addresses are bound when they are created, at run
 * time, and a server started there would only outlive the build step.
 */
public class EmbeddedServersInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** System property Spring's AOT processor sets while it processes the application. */
	static final String AOT_PROCESSING_PROPERTY = "spring.aot.processing";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (isAotProcessing()) {
			return;
		}
		ConfigurableEnvironment environment = context.getEnvironment();
		Map<String, Object> properties = new LinkedHashMap<>();
		if (environment.getProperty("sample.realtime.embedded", Boolean.class, true)) {
			EmbeddedRealtimeGateway gateway = EmbeddedRealtimeGateway.builder().start();
			properties.put("pubsub.clients.gateway.realtime.url", gateway.url());
			properties.put("pubsub.clients.gateway.realtime.app-id", gateway.appId());
			properties.put("pubsub.clients.gateway.realtime.access-token",
					gateway.tokens().mint("sample-service", JwtTestTokens.ALL_TOPICS));
			register(context, "embeddedRealtimeGateway", gateway, gateway::stop);
		}
		if (environment.getProperty("sample.httppubsub.embedded", Boolean.class, true)) {
			EmbeddedHttpPubSubBroadcaster broadcaster = new EmbeddedHttpPubSubBroadcaster(0, HttpPubSubAuth.none(),
					HttpPubSubAuth.none())
				.start();
			properties.put("pubsub.clients.notifications.httppubsub.broadcasters", broadcaster.url());
			register(context, "embeddedHttpPubSubBroadcaster", broadcaster, broadcaster::stop);
		}
		environment.getPropertySources().addFirst(new MapPropertySource("sampleEmbeddedServers", properties));
	}

	/**
	 * Return whether Spring's AOT processing is running the application (at build time), when no
	 * embedded server must start.
	 * @return whether AOT processing is running
	 */
	public static boolean isAotProcessing() {
		return Boolean.getBoolean(AOT_PROCESSING_PROPERTY);
	}

	private static void register(ConfigurableApplicationContext context, String name, Object server, Runnable stop) {
		context.getBeanFactory().registerSingleton(name, server);
		context.addApplicationListener((ContextClosedEvent event) -> stop.run());
	}

}
