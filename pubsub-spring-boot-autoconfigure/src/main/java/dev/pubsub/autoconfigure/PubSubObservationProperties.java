package dev.pubsub.autoconfigure;

import java.util.Map;

/**
 * Micrometer observation settings.
 */
public class PubSubObservationProperties {

	/**
	 * Whether to create pubsub.listener and pubsub.publish observations for every client (needs
	 * an ObservationRegistry, e.g. from spring-boot-micrometer-observation).
	 */
	private boolean enabled;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	/**
	 * Whether the client of that name is observed: its own observation-enabled when set, else
	 * the global setting.
	 * @param clients the configured clients
	 * @param clientName the client's name
	 * @return whether to observe it
	 */
	public boolean isEnabledFor(Map<String, PubSubClientProperties> clients, String clientName) {
		PubSubClientProperties client = clients.get(clientName);
		Boolean own = (client != null) ? client.getObservationEnabled() : null;
		return (own != null) ? own : this.enabled;
	}

	/**
	 * Whether any client is observed.
	 * @param clients the configured clients
	 * @return whether observations are on globally or for at least one client
	 */
	public boolean isEnabledForAny(Map<String, PubSubClientProperties> clients) {
		return this.enabled || clients.values()
			.stream()
			.anyMatch((client) -> Boolean.TRUE.equals(client.getObservationEnabled()));
	}

}
