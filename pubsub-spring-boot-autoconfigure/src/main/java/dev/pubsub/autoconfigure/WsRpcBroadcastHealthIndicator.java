package dev.pubsub.autoconfigure;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcasterStatus;

/**
 * Health of the wsrpc endpoint's cross-instance fan-out ({@code wsrpcBroadcast}): {@code UP} while
 * the bridge runs, the backend answers and the broadcaster listens on its channel; {@code DOWN}
 * otherwise; {@code UNKNOWN} for a backend that cannot tell. Details: backend, channel, reachable,
 * listening, the error if any, and the bridge's counters.
 */
public class WsRpcBroadcastHealthIndicator extends AbstractHealthIndicator {

	private final WsRpcBroadcastBridge bridge;

	/**
	 * Create an indicator.
	 * @param bridge the bridge of the endpoint and its broadcaster
	 */
	public WsRpcBroadcastHealthIndicator(WsRpcBroadcastBridge bridge) {
		super("wsrpc broadcast health check failed");
		this.bridge = bridge;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		WsRpcBroadcaster broadcaster = this.bridge.broadcaster();
		WsRpcBroadcasterStatus status = broadcaster.status();
		if (!this.bridge.isRunning()) {
			builder.down().withDetail("error", "not running");
		}
		else if (status == null) {
			builder.unknown();
		}
		else if (status.isUp()) {
			builder.up();
		}
		else {
			builder.down();
		}
		if (status != null) {
			builder.withDetail("backend", status.backend())
				.withDetail("channel", status.channel())
				.withDetail("reachable", status.reachable())
				.withDetail("listening", status.listening())
				.withDetail("dropped", status.dropped());
			if (status.error() != null && this.bridge.isRunning()) {
				builder.withDetail("error", status.error());
			}
		}
		builder.withDetail("sent", this.bridge.sent())
			.withDetail("received", this.bridge.received())
			.withDetail("echoes", this.bridge.echoes())
			.withDetail("failures", this.bridge.failures());
	}

}
