package dev.pubsub.autoconfigure;

import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.RemoteSubscriptionStatus;

/**
 * Health of one client: {@code UP} while its session is established and every wanted remote
 * subscription is held, {@code OUT_OF_SERVICE} while it is connected but a
 * {@linkplain RemoteSubscriptionStatus wanted subscription} is not held (refused, forbidden or not
 * yet confirmed; detail {@code unheldSubscriptions} lists them with the reason), {@code DOWN}
 * otherwise. Details: the state, the type, the last error (type and message, which never carry
 * secrets) and the client's counters.
 */
public class PubSubClientHealthIndicator extends AbstractHealthIndicator {

	private final PubSubClient client;

	public PubSubClientHealthIndicator(PubSubClient client) {
		super("Pub/sub client health check failed");
		this.client = client;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Map<String, String> unheld = (this.client instanceof RemoteSubscriptionStatus status)
				? status.unheldSubscriptions() : Map.of();
		if (!this.client.isConnected()) {
			builder.down();
		}
		else if (!unheld.isEmpty()) {
			builder.outOfService();
		}
		else {
			builder.up();
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
			.withDetail("reconnects", metrics.reconnects())
			.withDetail("inboundBufferedBytes", metrics.inboundBufferedBytes())
			.withDetail("inboundPeakBytes", metrics.inboundPeakBytes())
			.withDetail("inboundMaxBytes", metrics.inboundMaxBytes())
			.withDetail("backPressureWaits", metrics.backPressureWaits());
		if (!unheld.isEmpty()) {
			builder.withDetail("unheldSubscriptions", unheld);
		}
		Throwable lastError = this.client.lastError();
		if (lastError != null) {
			builder.withDetail("lastError", lastError.getClass().getSimpleName() + ": " + lastError.getMessage());
		}
	}

}
