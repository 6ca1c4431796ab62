package dev.pubsub.core.support;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOffExecution;

/**
 * The remote subscriptions of one connection, as {@link RemoteSubscriptionRegistry} tracks them
 * (guarded by the registry's lock).
 */
final class RemoteSubscriptionSession {

	final RemoteSubscriber subscriber;

	/** Keys the server confirmed. */
	final Set<String> held = new LinkedHashSet<>();

	/** Keys whose subscribe is not answered yet. */
	final Set<String> inFlight = new LinkedHashSet<>();

	/** Keys the server refused (or failed), with the reason; retried. */
	final Map<String, String> refused = new LinkedHashMap<>();

	/** Refused keys whose subscribe timed out: unsubscribed before the retry. */
	final Set<String> uncertain = new LinkedHashSet<>();

	BackOffExecution backOff;

	@Nullable ScheduledFuture<?> retry;

	RemoteSubscriptionSession(RemoteSubscriber subscriber, BackOffExecution backOff) {
		this.subscriber = subscriber;
		this.backOff = backOff;
	}

}
