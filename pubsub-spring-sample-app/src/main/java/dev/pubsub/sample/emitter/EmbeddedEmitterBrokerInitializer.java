package dev.pubsub.sample.emitter;

import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.pubsub.sample.EmbeddedServersInitializer;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;

/**
 * Starts an embedded Emitter-compatible broker in-process when {@code sample.emitter.embedded} is
 * true (the default), generates a channel key for {@code sensors/} and below, and points the
 * {@code sensors} client at the broker before the context refreshes. Set it to false and configure
 * {@code pubsub.clients.sensors.emitter.*} and {@code sample.emitter.key} to use a real broker
 * (generate the key there with {@code emitter keygen <secret> sensors/#/ rwslp}). Like
 * {@link EmbeddedServersInitializer}, it starts nothing during Spring's AOT processing.
 */
public class EmbeddedEmitterBrokerInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		if (EmbeddedServersInitializer.isAotProcessing()
				|| !environment.getProperty("sample.emitter.embedded", Boolean.class, true)) {
			return;
		}
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();
		String key = broker.createKey("sensors/#/", "rwslp");
		environment.getPropertySources()
			.addFirst(new MapPropertySource("embeddedEmitterBroker",
					Map.of("pubsub.clients.sensors.emitter.host", broker.host(),
							"pubsub.clients.sensors.emitter.port", broker.port(),
							"pubsub.clients.sensors.emitter.channel-keys.sensors", key, "sample.emitter.key", key)));
		context.getBeanFactory().registerSingleton("embeddedEmitterBroker", broker);
		context.addApplicationListener((ContextClosedEvent event) -> broker.stop());
	}

}
