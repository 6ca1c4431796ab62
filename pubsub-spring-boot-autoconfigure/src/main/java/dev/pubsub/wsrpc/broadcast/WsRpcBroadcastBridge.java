package dev.pubsub.wsrpc.broadcast;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.SmartLifecycle;

import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.wsrpc.WsRpcChannel;
import dev.pubsub.wsrpc.WsRpcTopics;
import dev.pubsub.wsrpc.server.WsRpcEventData;
import dev.pubsub.wsrpc.server.WsRpcEventNotifier;
import dev.pubsub.wsrpc.server.WsRpcSubscriber;

/**
 * Connects an endpoint's {@link WsRpcEventNotifier} to a {@link WsRpcBroadcaster} with the rules
 * of the Python {@code EventBroadcaster}, so Java and Python instances on one backend share
 * events:
 * <ul>
 * <li>the bridge subscribes to {@link WsRpcTopics#ALL_TOPICS} under its own random id and sends
 * one message per topic, tagged with that id;</li>
 * <li>incoming messages tagged with its own id are dropped (echo);</li>
 * <li>foreign messages are notified locally with the bridge's id as notifier id, which skips the
 * bridge's own subscription, so nothing is sent back (no loop).</li>
 * </ul>
 * Unlike the Python endpoint, the bridge listens and shares for the whole lifetime of the
 * application, not only while a WebSocket client is connected.
 */
public final class WsRpcBroadcastBridge implements WsRpcSubscriber, SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WsRpcBroadcastBridge.class);

	private final String id = WsRpcChannel.newId();

	private final WsRpcEventNotifier notifier;

	private final WsRpcBroadcaster broadcaster;

	private final WsRpcBroadcastCodec codec;

	private final LongAdder sent = new LongAdder();

	private final LongAdder received = new LongAdder();

	private final LongAdder echoes = new LongAdder();

	private final LongAdder failures = new LongAdder();

	private final RateLimitedLog sendWarning = new RateLimitedLog(logger);

	private final RateLimitedLog receiveWarning = new RateLimitedLog(logger);

	private volatile boolean running;

	/**
	 * Create a bridge.
	 * @param notifier the endpoint's notifier
	 * @param broadcaster the backend
	 * @param jsonMapper the shared mapper
	 */
	public WsRpcBroadcastBridge(WsRpcEventNotifier notifier, WsRpcBroadcaster broadcaster, JsonMapper jsonMapper) {
		this.notifier = notifier;
		this.broadcaster = broadcaster;
		this.codec = new WsRpcBroadcastCodec(jsonMapper);
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public CompletableFuture<?> onEvent(String subscriptionId, String topic, WsRpcEventData data,
			boolean acknowledge) {
		String text = this.codec.encode(new WsRpcBroadcastMessage(this.id, List.of(topic), data.node()));
		this.broadcaster.publish(text).whenComplete((ok, ex) -> {
			if (ex != null) {
				this.failures.increment();
				this.sendWarning.warn(() -> "Could not broadcast an event on topic '" + LogSanitizer.sanitize(topic)
						+ "' (lost for other instances)", ex);
			}
			else {
				this.sent.increment();
			}
		});
		return CompletableFuture.completedFuture(null);
	}

	private void receive(String text) {
		WsRpcBroadcastMessage message;
		try {
			message = this.codec.decode(text);
		}
		catch (PubSubProtocolException ex) {
			this.failures.increment();
			this.receiveWarning
				.warn(() -> "Skipped a broadcast message: " + LogSanitizer.sanitize(ex.getMessage()));
			return;
		}
		if (this.id.equals(message.notifierId())) {
			this.echoes.increment();
			return;
		}
		this.received.increment();
		this.notifier.notify(message.topics(), message.data(), this.id);
	}

	@Override
	public void start() {
		this.broadcaster.start(this::receive);
		this.notifier.subscribe(this, List.of(WsRpcTopics.ALL_TOPICS));
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.notifier.unsubscribeAll(this.id);
		this.broadcaster.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/**
	 * Return the backend.
	 * @return the broadcaster
	 */
	public WsRpcBroadcaster broadcaster() {
		return this.broadcaster;
	}

	/**
	 * Return the number of events shared with other instances.
	 * @return the count
	 */
	public long sent() {
		return this.sent.sum();
	}

	/**
	 * Return the number of foreign events received.
	 * @return the count
	 */
	public long received() {
		return this.received.sum();
	}

	/**
	 * Return the number of own messages dropped on receipt.
	 * @return the count
	 */
	public long echoes() {
		return this.echoes.sum();
	}

	/**
	 * Return the number of messages that could not be sent or decoded.
	 * @return the count
	 */
	public long failures() {
		return this.failures.sum();
	}

}
