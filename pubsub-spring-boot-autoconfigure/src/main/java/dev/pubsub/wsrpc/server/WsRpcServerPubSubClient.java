package dev.pubsub.wsrpc.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.AbstractPubSubClient;
import dev.pubsub.wsrpc.WsRpcChannel;
import dev.pubsub.wsrpc.WsRpcPubSubClient;
import dev.pubsub.wsrpc.WsRpcTopics;

/**
 * The endpoint's own events as a {@code PubSubClient}, so {@code @PubSubListener} methods can
 * listen on the server (the Python {@code endpoint.subscribe(topics, callback)}): it is an
 * in-process subscriber of the endpoint's {@link WsRpcEventNotifier} and sees what sessions,
 * {@link WsRpcPublisher} and other instances (through a broadcaster) publish. Publishing through it
 * is server-side publishing. There is no network: it is connected as soon as it starts.
 * <p>
 * Patterns follow {@link WsRpcPubSubClient}: an exact topic, or {@code *}/{@code **} segment
 * wildcards and {@link WsRpcTopics#ALL_TOPICS}, which subscribe to all topics.
 */
public class WsRpcServerPubSubClient extends AbstractPubSubClient implements WsRpcSubscriber {

	private final String id = WsRpcChannel.newId();

	private final WsRpcEndpointHandler endpoint;

	private final char separator;

	private final Map<String, Integer> topics = new HashMap<>();

	/**
	 * Create the client.
	 * @param name the client and bean name
	 * @param jsonMapper the shared mapper
	 * @param endpoint the endpoint
	 * @param separator the segment separator of wildcard patterns
	 */
	public WsRpcServerPubSubClient(String name, JsonMapper jsonMapper, WsRpcEndpointHandler endpoint, char separator) {
		super(name, jsonMapper, ReconnectPolicy.disabled(), Duration.ofSeconds(5));
		this.endpoint = endpoint;
		this.separator = separator;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public String type() {
		return WsRpcPubSubClient.TYPE;
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		return this.endpoint.publish(List.of(topic), payload)
			.thenApply((ignored) -> PublishReceipt.acknowledged(name(), topic, null));
	}

	@Override
	public CompletableFuture<?> onEvent(String subscriptionId, String topic, WsRpcEventData data,
			boolean acknowledge) {
		dispatch(PubSubMessage.builder(name(), topic, jsonMapper())
			.payload(data.json().getBytes(java.nio.charset.StandardCharsets.UTF_8))
			.header(PubSubHeaders.TOPIC, topic)
			.build());
		return CompletableFuture.completedFuture(null);
	}

	private String remoteTopic(String pattern) {
		if (WsRpcTopics.ALL_TOPICS.equals(pattern) || !TopicPattern.compile(pattern, this.separator).isLiteral()) {
			return WsRpcTopics.ALL_TOPICS;
		}
		return pattern;
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		if (WsRpcTopics.ALL_TOPICS.equals(pattern)) {
			return (topic) -> true;
		}
		TopicPattern compiled = TopicPattern.compile(pattern, this.separator);
		return compiled.isLiteral() ? pattern::equals : compiled::matches;
	}

	@Override
	protected synchronized void onSubscribe(String pattern, SubscribeOptions options) {
		String topic = remoteTopic(pattern);
		if (this.topics.merge(topic, 1, Integer::sum) == 1) {
			if (WsRpcTopics.ALL_TOPICS.equals(topic)) {
				this.endpoint.notifier().subscribe(this, List.of(topic));
				this.endpoint.notifier().unsubscribe(this.id, concreteTopics());
			}
			else if (!this.topics.containsKey(WsRpcTopics.ALL_TOPICS)) {
				this.endpoint.notifier().subscribe(this, List.of(topic));
			}
		}
	}

	@Override
	protected synchronized void onUnsubscribe(String pattern, SubscribeOptions options) {
		String topic = remoteTopic(pattern);
		Integer left = this.topics.computeIfPresent(topic, (key, count) -> (count > 1) ? count - 1 : null);
		if (left == null) {
			if (WsRpcTopics.ALL_TOPICS.equals(topic)) {
				this.endpoint.notifier().subscribe(this, concreteTopics());
				this.endpoint.notifier().unsubscribe(this.id, List.of(topic));
			}
			else if (!this.topics.containsKey(WsRpcTopics.ALL_TOPICS)) {
				this.endpoint.notifier().unsubscribe(this.id, List.of(topic));
			}
		}
	}

	private List<String> concreteTopics() {
		return this.topics.keySet().stream().filter((topic) -> !WsRpcTopics.ALL_TOPICS.equals(topic)).toList();
	}

	@Override
	protected CompletableFuture<Void> doConnect() {
		return CompletableFuture.completedFuture(null);
	}

	@Override
	protected void doDisconnect() {
	}

	@Override
	public void destroy() {
		this.endpoint.notifier().unsubscribeAll(this.id);
		super.destroy();
	}

}
