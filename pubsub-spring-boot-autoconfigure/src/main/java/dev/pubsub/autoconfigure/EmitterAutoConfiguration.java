package dev.pubsub.autoconfigure;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Import;

import dev.pubsub.emitter.EmitterClient;

/**
 * Auto-configuration of Emitter clients: one {@link EmitterClient} bean per
 * {@code pubsub.clients.<name>} entry with {@code type: emitter}, when Eclipse Paho MQTT v3 is on
 * the classpath.
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class)
@ConditionalOnClass({ MqttAsyncClient.class, EmitterClient.class })
@Import(EmitterClientsRegistrar.class)
public final class EmitterAutoConfiguration {

}
