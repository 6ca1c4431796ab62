package dev.pubsub.realtime;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RemoteSubscriber;
import dev.pubsub.core.support.RemoteSubscriptionRegistry;
import dev.pubsub.core.support.SubscribeOutcome;

/**
 * The Realtime side of a client's {@link RemoteSubscriptionRegistry}: the remote topics (counted, the
 * explicit ones and those listener patterns name), the subscribe and unsubscribe commands on a
 * connection, and the topics the gateway refused by closing the connection as "forbidden".
 * <p>
 * The gateway does not answer a subscribe; it closes the connection when it refuses one. So a topic
 * counts as held as soon as its subscribe is written, except a topic refused before: it is held again
 * once the gateway answered a ping sent right after the repeated subscribe. A refused topic is never
 * forgotten: it is reported by {@link #unheld()} until a later connection holds it or it is no longer
 * wanted.
 */
final class RealtimeRemoteTopics {

	private final RemoteSubscriptionRegistry registry;

	private final RealtimeFrames frames;

	/**
	 * Create the remote topics of a client.
	 * @param clientName the client name, for log lines
	 * @param frames encodes the commands
	 * @param scheduler runs the registry's retries (Realtime refusals are retried on the next
	 * connection instead)
	 * @param policy the client's reconnect policy
	 * @param logger the client's logger
	 */
	RealtimeRemoteTopics(String clientName, RealtimeFrames frames, TaskScheduler scheduler, ReconnectPolicy policy,
			Log logger) {
		this.frames = frames;
		this.registry = new RemoteSubscriptionRegistry(scheduler, RemoteSubscriptionRegistry.retryBackOff(policy),
				RemoteSubscriptionRegistry.KeyMapping.identity(), new RemoteSubscriptionRegistry.Listener() {

					@Override
					public void recovered(List<String> topics) {
						for (String topic : topics) {
							logger.info("Realtime client '" + clientName
									+ "': the gateway now accepts the subscription to '" + LogSanitizer.sanitize(topic)
									+ "'");
						}
					}

				});
	}

	void add(String topic) {
		if (topic.isBlank()) {
			throw new IllegalArgumentException("topic must not be blank");
		}
		this.registry.add(topic);
	}

	void remove(String topic) {
		this.registry.remove(topic);
	}

	Set<String> wanted() {
		return this.registry.wanted();
	}

	/**
	 * Return the wanted topics the gateway refused and no connection holds since, with the reason.
	 * @return topic to reason
	 */
	Map<String, String> unheld() {
		return Map.copyOf(this.registry.refusals());
	}

	/**
	 * Record that the gateway closed a connection as "forbidden": the topic it refused is the last one
	 * subscribed on that connection.
	 * @param connection the closed connection
	 * @param code the close code
	 * @param reason the close reason (sanitized)
	 * @return the refused topic if it is wanted (and so recorded, to be subscribed again after the
	 * reconnect), otherwise {@code null}
	 */
	@Nullable String forbidden(RealtimeConnection connection, int code, String reason) {
		String topic = connection.lastSubscribedTopic();
		return (topic != null && this.registry.refusedByServer(topic, "code " + code + ", " + reason)) ? topic : null;
	}

	/**
	 * Start tracking a welcomed connection: subscribe to every wanted topic on it.
	 * @param connection the connection
	 */
	void attach(RealtimeConnection connection) {
		this.registry.attach(new RemoteSubscriber() {

			@Override
			public CompletableFuture<SubscribeOutcome> subscribe(List<String> topics) {
				Set<String> refused = RealtimeRemoteTopics.this.registry.refusals().keySet();
				boolean probe = false;
				for (String topic : topics) {
					connection.trySend(RealtimeRemoteTopics.this.frames.subscribe(topic), topic);
					probe |= refused.contains(topic);
				}
				return probe ? connection.probe() : CompletableFuture.completedFuture(SubscribeOutcome.held());
			}

			@Override
			public void unsubscribe(List<String> topics) {
				for (String topic : topics) {
					connection.trySend(RealtimeRemoteTopics.this.frames.unsubscribe(topic), null);
				}
			}

		});
	}

	void detach() {
		this.registry.detach();
	}

}
