package dev.pubsub.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of the pub/sub starter ({@code pubsub.*}).
 * <p>
 * The keys under {@code pubsub.clients.<name>} are not in the generated metadata (Spring Boot's
 * processor skips map values); {@code docs/configuration.md} lists every one of them.
 */
@ConfigurationProperties("pubsub")
public class PubSubProperties {

	/**
	 * Named clients; each entry creates one client bean named after its key.
	 */
	private final Map<String, PubSubClientProperties> clients = new LinkedHashMap<>();

	/**
	 * Defaults for @PubSubListener endpoints.
	 */
	@NestedConfigurationProperty
	private final PubSubListenerProperties listener = new PubSubListenerProperties();

	/**
	 * Micrometer observations of listener deliveries and publishes.
	 */
	@NestedConfigurationProperty
	private final PubSubObservationProperties observation = new PubSubObservationProperties();

	/**
	 * Return the named clients, by name.
	 * @return the clients
	 */
	public Map<String, PubSubClientProperties> getClients() {
		return this.clients;
	}

	/**
	 * Return the observation settings.
	 * @return the settings
	 */
	public PubSubObservationProperties getObservation() {
		return this.observation;
	}

	/**
	 * Return the listener defaults.
	 * @return the defaults
	 */
	public PubSubListenerProperties getListener() {
		return this.listener;
	}

}
