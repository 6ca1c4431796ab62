package dev.pubsub.autoconfigure;

import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.ObjectProvider;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;

/**
 * Binds each client's {@link PubSubClientMetrics} as {@code pubsub.client.*} function counters,
 * tagged with {@code client} and {@code type}, plus a {@code pubsub.client.connected} gauge.
 */
public class PubSubClientMetricsBinder implements MeterBinder {

	private final ObjectProvider<PubSubClient> clients;

	public PubSubClientMetricsBinder(ObjectProvider<PubSubClient> clients) {
		this.clients = clients;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.clients.orderedStream().forEach((client) -> bind(registry, client));
	}

	private void bind(MeterRegistry registry, PubSubClient client) {
		Tags tags = Tags.of("client", client.name(), "type", client.type());
		PubSubClientMetrics metrics = client.metrics();
		counter(registry, "pubsub.client.messages.received", "Messages received and decoded", tags, metrics,
				PubSubClientMetrics::received);
		counter(registry, "pubsub.client.messages.published", "Messages published", tags, metrics,
				PubSubClientMetrics::published);
		counter(registry, "pubsub.client.messages.dropped", "Messages dropped by a full listener queue or inbound byte budget", tags, metrics,
				PubSubClientMetrics::dropped);
		counter(registry, "pubsub.client.messages.discarded",
				"Queued messages discarded because a stopping listener's shutdown timeout passed", tags, metrics,
				PubSubClientMetrics::discardedOnShutdown);
		counter(registry, "pubsub.client.messages.unrouted", "Messages no listener matched", tags, metrics,
				PubSubClientMetrics::unrouted);
		counter(registry, "pubsub.client.frames.malformed", "Frames that could not be decoded", tags, metrics,
				PubSubClientMetrics::malformed);
		counter(registry, "pubsub.client.listener.errors", "Listener invocations that failed", tags, metrics,
				PubSubClientMetrics::listenerErrors);
		counter(registry, "pubsub.client.listener.retries", "Listener invocations attempted again after a failure",
				tags, metrics, PubSubClientMetrics::listenerRetries);
		counter(registry, "pubsub.client.listener.recoveries",
				"Messages whose listener failed for good, handed to the recoverer", tags, metrics,
				PubSubClientMetrics::listenerRecoveries);
		counter(registry, "pubsub.client.listener.recovery.failures",
				"Messages lost because the recoverer failed", tags, metrics,
				PubSubClientMetrics::listenerRecoveryFailures);
		counter(registry, "pubsub.client.reconnects", "Successful reconnects", tags, metrics,
				PubSubClientMetrics::reconnects);
		counter(registry, "pubsub.client.connect.failures", "Failed connection attempts", tags, metrics,
				PubSubClientMetrics::connectFailures);
		counter(registry, "pubsub.client.responses.unmatched", "Acks, replies or responses for no pending request",
				tags, metrics, PubSubClientMetrics::unmatchedResponses);
		counter(registry, "pubsub.client.send.limit.closes",
				"WebSocket sessions closed because a send exceeded send-time-limit or send-buffer-limit", tags,
				metrics, PubSubClientMetrics::sendLimitCloses);
		counter(registry, "pubsub.client.inbound.backpressure.waits",
				"Times the network thread waited for room in a full listener queue or inbound byte budget", tags,
				metrics, PubSubClientMetrics::backPressureWaits);
		Gauge.builder("pubsub.client.inbound.buffered", metrics, PubSubClientMetrics::inboundBufferedBytes)
			.description("Bytes of inbound messages queued for or being handled by listeners")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
		Gauge.builder("pubsub.client.inbound.buffered.peak", metrics, PubSubClientMetrics::inboundPeakBytes)
			.description("Most bytes of inbound messages held at once")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
		Gauge.builder("pubsub.client.inbound.buffered.max", metrics, PubSubClientMetrics::inboundMaxBytes)
			.description("The client's inbound byte budget")
			.baseUnit("bytes")
			.tags(tags)
			.register(registry);
		Gauge.builder("pubsub.client.connected", client, (c) -> c.isConnected() ? 1 : 0)
			.description("1 while the client's session is established")
			.tags(tags)
			.register(registry);
	}

	private static void counter(MeterRegistry registry, String name, String description, Tags tags,
			PubSubClientMetrics metrics, ToDoubleFunction<PubSubClientMetrics> value) {
		FunctionCounter.builder(name, metrics, value).description(description).tags(tags).register(registry);
	}

}
