package dev.pubsub.autoconfigure;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;
import dev.pubsub.wsrpc.server.WsRpcServerMetrics;

/**
 * Binds the wsrpc endpoint's {@link WsRpcServerMetrics} as {@code pubsub.wsrpc.server.*} meters and,
 * when a {@link WsRpcBroadcastBridge} exists, its counters as {@code pubsub.wsrpc.broadcast.*}
 * function counters.
 */
public class WsRpcServerMetricsBinder implements MeterBinder {

	private final WsRpcEndpointHandler handler;

	private final ObjectProvider<WsRpcBroadcastBridge> bridge;

	/**
	 * Create a binder.
	 * @param handler the endpoint
	 * @param bridge the broadcast bridge, if any
	 */
	public WsRpcServerMetricsBinder(WsRpcEndpointHandler handler, ObjectProvider<WsRpcBroadcastBridge> bridge) {
		this.handler = handler;
		this.bridge = bridge;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		WsRpcServerMetrics metrics = this.handler.metrics();
		Gauge.builder("pubsub.wsrpc.server.sessions", metrics, WsRpcServerMetrics::sessions)
			.description("Open WebSocket sessions of the wsrpc endpoint")
			.register(registry);
		counter(registry, "pubsub.wsrpc.server.connections", "Sessions ever opened", Tags.empty(), metrics,
				WsRpcServerMetrics::connections);
		counter(registry, "pubsub.wsrpc.server.frames.malformed", "Frames that were not JSON or not an envelope",
				Tags.empty(), metrics, WsRpcServerMetrics::malformedFrames);
		counter(registry, "pubsub.wsrpc.server.requests.failed",
				"Requests answered with an error (unknown method, bad arguments)", Tags.empty(), metrics,
				WsRpcServerMetrics::failedRequests);
		counter(registry, "pubsub.wsrpc.server.requests.refused",
				"Subscribe or publish requests refused by the authorizer or a limit", Tags.empty(), metrics,
				WsRpcServerMetrics::refusedRequests);
		counter(registry, "pubsub.wsrpc.server.disconnects", "Sessions the endpoint closed",
				Tags.of("reason", "slow-consumer"), metrics, WsRpcServerMetrics::slowConsumerDisconnects);
		counter(registry, "pubsub.wsrpc.server.disconnects", "Sessions the endpoint closed",
				Tags.of("reason", "oversized-frame"), metrics, WsRpcServerMetrics::oversizedFrameDisconnects);
		counter(registry, "pubsub.wsrpc.server.disconnects", "Sessions the endpoint closed",
				Tags.of("reason", "first-message-timeout"), metrics, WsRpcServerMetrics::firstMessageTimeouts);
		counter(registry, "pubsub.wsrpc.server.disconnects", "Sessions the endpoint closed",
				Tags.of("reason", "idle-timeout"), metrics, WsRpcServerMetrics::idleTimeouts);
		counter(registry, "pubsub.wsrpc.server.notifications.sent", "notify calls sent to sessions", Tags.empty(),
				metrics, WsRpcServerMetrics::notificationsSent);
		this.bridge.ifAvailable((bridge) -> bindBridge(registry, bridge));
	}

	private static void bindBridge(MeterRegistry registry, WsRpcBroadcastBridge bridge) {
		counter(registry, "pubsub.wsrpc.broadcast.sent", "Events shared with other instances", Tags.empty(), bridge,
				WsRpcBroadcastBridge::sent);
		counter(registry, "pubsub.wsrpc.broadcast.received", "Events received from other instances", Tags.empty(),
				bridge, WsRpcBroadcastBridge::received);
		counter(registry, "pubsub.wsrpc.broadcast.echoes", "Own broadcast messages dropped on receipt", Tags.empty(),
				bridge, WsRpcBroadcastBridge::echoes);
		counter(registry, "pubsub.wsrpc.broadcast.failures", "Broadcast messages that could not be sent or decoded",
				Tags.empty(), bridge, WsRpcBroadcastBridge::failures);
	}

	private static <T> void counter(MeterRegistry registry, String name, String description, Tags tags, T source,
			ToDoubleFunction<T> value) {
		FunctionCounter.builder(name, source, value).description(description).tags(tags).register(registry);
	}

}
