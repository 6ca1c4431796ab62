package dev.pubsub.realtimex;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.TaskScheduler;

import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RemoteSubscriptionRegistry;

/**
 * The RealtimeX side of a client's {@link RemoteSubscriptionRegistry}: the channels the client
 * holds (counted: {@code subscribe(channel)} once, plus one per listener pattern naming the channel),
 * the {@link RealtimeXChannelSubscriber} of the current session, and the refusals.
 * <p>
 * A channel the server or the authorizer refused is reported (by the subscriber), kept as refused
 * across connections ({@link RemoteSubscriptionRegistry#refusedByServer}), retried with the
 * client's reconnect back-off on the same connection and subscribed again, re-authorised, on the
 * next one, until it is held or no longer wanted.
 */
final class RealtimeXRemoteChannels {

	private final RemoteSubscriptionRegistry registry;

	private final Object monitor = new Object();

	/** Channels whose refusal was reported, so that their recovery is logged (and no other). */
	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	private volatile @Nullable RealtimeXChannelSubscriber current;

	/**
	 * Create the remote channels of a client.
	 * @param clientName the client name, for log lines
	 * @param scheduler runs the registry's retries
	 * @param policy the client's reconnect policy, whose delays the retries follow
	 * @param logger the client's logger
	 */
	RealtimeXRemoteChannels(String clientName, TaskScheduler scheduler, ReconnectPolicy policy, Log logger) {
		this.registry = new RemoteSubscriptionRegistry(scheduler, RemoteSubscriptionRegistry.retryBackOff(policy),
				RemoteSubscriptionRegistry.KeyMapping.identity(), new RemoteSubscriptionRegistry.Listener() {

					@Override
					public void recovered(List<String> channels) {
						for (String channel : channels) {
							if (RealtimeXRemoteChannels.this.reported.remove(channel)) {
								logger.info("RealtimeX client '" + clientName + "': the subscription to '"
										+ LogSanitizer.sanitize(channel) + "' is confirmed again");
							}
						}
					}

				});
	}

	/**
	 * Count one more hold of a channel (subscribed now if a session is attached).
	 * @param channel the channel
	 */
	void add(String channel) {
		this.registry.add(channel);
	}

	/**
	 * Count one hold less; the last one unsubscribes a held channel.
	 * @param channel the channel
	 */
	void remove(String channel) {
		this.registry.remove(channel);
	}

	/**
	 * Release every hold of a channel.
	 * @param channel the channel
	 * @param holds how many holds it has
	 */
	void removeAll(String channel, int holds) {
		for (int i = 0; i < holds; i++) {
			this.registry.remove(channel);
		}
		this.reported.remove(channel);
	}

	/**
	 * Subscribe every wanted channel on a new session.
	 * @param subscriber the subscriber of the session
	 */
	void attach(RealtimeXChannelSubscriber subscriber) {
		synchronized (this.monitor) {
			RealtimeXChannelSubscriber old = this.current;
			this.current = subscriber;
			this.registry.attach(subscriber);
			if (old != null) {
				old.close();
			}
		}
	}

	/**
	 * The session ended: stop tracking it.
	 */
	void detach() {
		synchronized (this.monitor) {
			RealtimeXChannelSubscriber old = this.current;
			this.current = null;
			this.registry.detach();
			if (old != null) {
				old.close();
			}
		}
	}

	/**
	 * Return the subscriber of a session, if it is the current one.
	 * @param session the session
	 * @return the subscriber or {@code null}
	 */
	@Nullable RealtimeXChannelSubscriber subscriberOf(EngineIoSession session) {
		RealtimeXChannelSubscriber subscriber = this.current;
		return (subscriber != null && subscriber.session() == session) ? subscriber : null;
	}

	/**
	 * Record a refusal (already reported) so that it stays known across connections. Never called
	 * with the registry's lock held.
	 * @param subscriber the subscriber it happened on
	 * @param channel the channel
	 * @param reason why (sanitized)
	 */
	void refused(RealtimeXChannelSubscriber subscriber, String channel, String reason) {
		synchronized (this.monitor) {
			if (this.current == subscriber && this.registry.refusedByServer(channel, reason)) {
				this.reported.add(channel);
			}
		}
	}

	/**
	 * Return the wanted channels the current session does not hold, with the reason.
	 * @return channel to reason
	 */
	Map<String, String> unheld() {
		return this.registry.unheld();
	}

}
