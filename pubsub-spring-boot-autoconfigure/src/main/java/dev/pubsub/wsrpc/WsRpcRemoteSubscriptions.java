package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.springframework.scheduling.TaskScheduler;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.TopicPattern;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RemoteSubscriber;
import dev.pubsub.core.support.RemoteSubscriptionRegistry;
import dev.pubsub.core.support.SubscribeOutcome;

/**
 * The wsrpc side of a client's {@link RemoteSubscriptionRegistry}: which topics the local patterns
 * need (one per concrete topic, or only {@link WsRpcTopics#ALL_TOPICS} while any wildcard pattern
 * exists, since a direct subscription next to it would make the server send each event twice), and
 * the {@code subscribe}/{@code unsubscribe} calls on a connection's channel, held once the server
 * answered {@code true}.
 */
final class WsRpcRemoteSubscriptions {

	private final RemoteSubscriptionRegistry registry;

	private final char topicSeparator;

	/**
	 * Create the adapter.
	 * @param scheduler runs the retries of refused subscribes
	 * @param policy the client's reconnect policy, whose delays the retries follow
	 * @param topicSeparator the separator of the topic patterns
	 * @param listener told about refusals and recoveries
	 */
	WsRpcRemoteSubscriptions(TaskScheduler scheduler, ReconnectPolicy policy, char topicSeparator,
			RemoteSubscriptionRegistry.Listener listener) {
		this.topicSeparator = topicSeparator;
		this.registry = new RemoteSubscriptionRegistry(scheduler, RemoteSubscriptionRegistry.retryBackOff(policy),
				this::remoteTopicsOf, listener);
	}

	/**
	 * Whether a pattern needs {@link WsRpcTopics#ALL_TOPICS}.
	 * @param pattern the pattern
	 * @return {@code true} for the catch-all and for patterns with wildcards
	 */
	boolean isWildcard(String pattern) {
		return WsRpcTopics.ALL_TOPICS.equals(pattern)
				|| !TopicPattern.compile(pattern, this.topicSeparator).isLiteral();
	}

	private Set<String> remoteTopicsOf(Set<String> patterns) {
		for (String pattern : patterns) {
			if (isWildcard(pattern)) {
				return Set.of(WsRpcTopics.ALL_TOPICS);
			}
		}
		return new LinkedHashSet<>(patterns);
	}

	void add(String pattern) {
		this.registry.add(pattern);
	}

	void remove(String pattern) {
		this.registry.remove(pattern);
	}

	List<String> held() {
		return this.registry.held();
	}

	Map<String, String> unheld() {
		return this.registry.unheld();
	}

	/**
	 * Start tracking a new connection: subscribe to every wanted topic in one call.
	 * @param channel the connection's channel
	 * @param timeout the timeout of each call
	 * @return completed once the server answered (or the call failed); never exceptionally
	 */
	CompletableFuture<Void> attach(WsRpcChannel channel, Duration timeout) {
		return this.registry.attach(new RemoteSubscriber() {

			@Override
			public CompletableFuture<SubscribeOutcome> subscribe(List<String> topics) {
				return channel.call("subscribe", Map.of("topics", topics), timeout)
					.thenApply((result) -> (result != null && result.asBoolean(false)) ? SubscribeOutcome.held()
							: SubscribeOutcome.refused("subscribe refused by the server (result "
									+ LogSanitizer.sanitize(result, 50) + ")"));
			}

			@Override
			public void unsubscribe(List<String> topics) {
				channel.call("unsubscribe", Map.of("topics", topics), timeout);
			}

		});
	}

	void detach() {
		this.registry.detach();
	}

}
