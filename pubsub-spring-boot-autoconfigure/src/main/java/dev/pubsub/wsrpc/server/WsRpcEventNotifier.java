package dev.pubsub.wsrpc.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;
import dev.pubsub.wsrpc.WsRpcChannel;
import dev.pubsub.wsrpc.WsRpcTopics;

/**
 * The in-process topic registry of an endpoint (the Python {@code EventNotifier}): subscribers by
 * topic, {@link WsRpcTopics#ALL_TOPICS}, and notification that skips the subscriber whose id is
 * the notifier id (so a publisher does not get its own event).
 * <p>
 * Unlike the Python notifier, a subscriber holds at most one subscription per topic (subscribing
 * twice is idempotent) and subscribers are notified concurrently, so a slow one delays nobody.
 */
public final class WsRpcEventNotifier {

	private static final Log logger = LogFactory.getLog(WsRpcEventNotifier.class);

	private final RateLimitedLog subscriberFailures = new RateLimitedLog(logger);

	private final Map<String, Map<String, Registration>> topics = new ConcurrentHashMap<>();

	private final Map<String, Map<String, Registration>> bySubscriber = new ConcurrentHashMap<>();

	/**
	 * Subscribe to topics; topics the subscriber already has are left as they are.
	 * @param subscriber the subscriber
	 * @param topicList the topics (may include {@link WsRpcTopics#ALL_TOPICS})
	 * @return the number of new subscriptions
	 */
	public int subscribe(WsRpcSubscriber subscriber, Collection<String> topicList) {
		int added = 0;
		Map<String, Registration> own = this.bySubscriber.computeIfAbsent(subscriber.id(),
				(id) -> new ConcurrentHashMap<>());
		for (String topic : topicList) {
			Registration registration = new Registration(WsRpcChannel.newId(), subscriber);
			if (own.putIfAbsent(topic, registration) == null) {
				this.topics.computeIfAbsent(topic, (key) -> new ConcurrentHashMap<>()).put(subscriber.id(), registration);
				added++;
			}
		}
		return added;
	}

	/**
	 * Unsubscribe from topics; unknown topics are ignored.
	 * @param subscriberId the subscriber id
	 * @param topicList the topics
	 */
	public void unsubscribe(String subscriberId, Collection<String> topicList) {
		Map<String, Registration> own = this.bySubscriber.get(subscriberId);
		if (own == null) {
			return;
		}
		for (String topic : topicList) {
			if (own.remove(topic) != null) {
				Map<String, Registration> subscribers = this.topics.get(topic);
				if (subscribers != null) {
					subscribers.remove(subscriberId);
				}
			}
		}
	}

	/**
	 * Remove every subscription of a subscriber.
	 * @param subscriberId the subscriber id
	 */
	public void unsubscribeAll(String subscriberId) {
		Map<String, Registration> own = this.bySubscriber.remove(subscriberId);
		if (own != null) {
			for (String topic : own.keySet()) {
				Map<String, Registration> subscribers = this.topics.get(topic);
				if (subscribers != null) {
					subscribers.remove(subscriberId);
				}
			}
		}
	}

	/**
	 * Return how many topics a subscriber holds.
	 * @param subscriberId the subscriber id
	 * @return the count
	 */
	public int subscriptionCount(String subscriberId) {
		Map<String, Registration> own = this.bySubscriber.get(subscriberId);
		return (own != null) ? own.size() : 0;
	}

	/**
	 * Return the topics a subscriber holds.
	 * @param subscriberId the subscriber id
	 * @return a copy of the topics
	 */
	public java.util.Set<String> topicsOf(String subscriberId) {
		Map<String, Registration> own = this.bySubscriber.get(subscriberId);
		return (own != null) ? java.util.Set.copyOf(own.keySet()) : java.util.Set.of();
	}

	/**
	 * Return the number of subscribers of a topic (not counting {@link WsRpcTopics#ALL_TOPICS}).
	 * @param topic the topic
	 * @return the count
	 */
	public int subscriberCount(String topic) {
		Map<String, Registration> subscribers = this.topics.get(topic);
		return (subscribers != null) ? subscribers.size() : 0;
	}

	/**
	 * Notify the subscribers of each topic and of {@link WsRpcTopics#ALL_TOPICS}, skipping the
	 * subscriber whose id equals the notifier id. One notification per topic and subscription.
	 * @param topicList the topics
	 * @param data the event data
	 * @param notifierId the id of the sender, or {@code null}
	 * @return a future completed when every subscriber acknowledged, failed or timed out
	 */
	public CompletableFuture<Void> notify(List<String> topicList, JsonNode data, @Nullable String notifierId) {
		return notify(topicList, data, notifierId, true);
	}

	/**
	 * Notify subscribers, choosing whether to wait for their acknowledgements.
	 * @param topicList the topics
	 * @param json the event data
	 * @param notifierId the id of the sender, or {@code null}
	 * @param acknowledge {@code true} for a future that waits for every subscriber's answer;
	 * {@code false} to send without tracking answers (a {@code sync=false} publish)
	 * @return a future completed when every subscriber acknowledged, failed or timed out (at once
	 * when not acknowledging)
	 */
	public CompletableFuture<Void> notify(List<String> topicList, JsonNode json, @Nullable String notifierId,
			boolean acknowledge) {
		WsRpcEventData data = new WsRpcEventData(json);
		List<CompletableFuture<?>> deliveries = new ArrayList<>();
		Map<String, Registration> all = this.topics.getOrDefault(WsRpcTopics.ALL_TOPICS, Map.of());
		for (String topic : topicList) {
			deliver(this.topics.getOrDefault(topic, Map.of()), topic, data, notifierId, acknowledge, deliveries);
			if (!WsRpcTopics.ALL_TOPICS.equals(topic)) {
				deliver(all, topic, data, notifierId, acknowledge, deliveries);
			}
		}
		return CompletableFuture.allOf(deliveries.toArray(CompletableFuture[]::new));
	}

	private void deliver(Map<String, Registration> subscribers, String topic, WsRpcEventData data,
			@Nullable String notifierId, boolean acknowledge, List<CompletableFuture<?>> deliveries) {
		for (Map.Entry<String, Registration> entry : subscribers.entrySet()) {
			if (entry.getKey().equals(notifierId)) {
				continue;
			}
			Registration registration = entry.getValue();
			CompletableFuture<?> delivery;
			try {
				delivery = registration.subscriber.onEvent(registration.subscriptionId, topic, data, acknowledge);
			}
			catch (RuntimeException ex) {
				this.subscriberFailures.warn(() -> "Subscriber " + LogSanitizer.sanitize(entry.getKey()) + " failed on topic '"
						+ LogSanitizer.sanitize(topic) + "'", ex);
				continue;
			}
			if (acknowledge) {
				deliveries.add(delivery.exceptionally((ex) -> null));
			}
		}
	}

	private record Registration(String subscriptionId, WsRpcSubscriber subscriber) {
	}

}
