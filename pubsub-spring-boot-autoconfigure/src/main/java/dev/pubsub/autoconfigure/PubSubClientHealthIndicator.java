package dev.pubsub.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;

/**
 * Health of one client: {@code UP} while its session is established, {@code DOWN} otherwise, with
 * the state, the type, the last error (type and message, which never carry secrets) and the
 * client's counters as details.
 */
public class PubSubClientHealthIndicator extends AbstractHealthIndicator {

	private final PubSubClient client;

	public PubSubClientHealthIndicator(PubSubClient client) {
		super("Pub/sub client health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		if (this.client.isConnected()) {
			builder.up();
		}
		else {
			builder.down();
		}
		PubSubClientMetrics metrics = this.client.metrics();
		builder.withDetail("type", this.client.type())
			.withDetail("state", this.client.state().name())
			.withDetail("received", metrics.received())
			.withDetail("published", metrics.published())
			.withDetail("dropped", metrics.dropped())
			.withDetail("discardedOnShutdown", metrics.discardedOnShutdown())
			.withDetail("malformed", metrics.malformed())
			.withDetail("listenerErrors", metrics.listenerErrors())
			.withDetail("reconnects", metrics.reconnects());
		Throwable lastError = this.client.lastError();
		if (lastError != null) {
			builder.withDetail("lastError", lastError.getClass().getSimpleName() + ": " + lastError.getMessage());
		}
	}

}
