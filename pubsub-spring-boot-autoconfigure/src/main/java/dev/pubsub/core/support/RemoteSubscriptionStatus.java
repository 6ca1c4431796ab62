package dev.pubsub.core.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubTimeoutException;

/**
 * The read side of {@link RemoteSubscriptionRegistry}: what its health and status views show
 * ({@link RemoteSubscriptionRegistry#unheld()}, {@link RemoteSubscriptionRegistry#refusals()}) and how
 * a subscribe's answer reads as a refusal. Pure functions over the registry's state, called with its
 * lock held.
 */
final class RemoteSubscriptionStatus {

	private RemoteSubscriptionStatus() {
	}

	/**
	 * Every wanted key that is not held, with the reason.
	 * @param desired the wanted keys
	 * @param serverRefusals refusals that ended a connection
	 * @param session the current connection, if any
	 * @return key to reason, in the order of {@code desired}
	 */
	static Map<String, String> unheld(Set<String> desired, Map<String, String> serverRefusals,
			@Nullable RemoteSubscriptionSession session) {
		Map<String, String> unheld = new LinkedHashMap<>();
		for (String key : desired) {
			String refusedByServer = serverRefusals.get(key);
			if (session == null) {
				unheld.put(key, (refusedByServer != null) ? refusedByServer : RemoteSubscriptionRegistry.NOT_CONNECTED);
			}
			else if (!session.held.contains(key)) {
				String refused = session.refused.get(key);
				unheld.put(key, (refused != null) ? refused
						: (refusedByServer != null) ? refusedByServer : RemoteSubscriptionRegistry.NOT_ANSWERED_YET);
			}
		}
		return unheld;
	}

	/**
	 * The refusals that ended a connection and those of the current one.
	 * @param serverRefusals refusals that ended a connection
	 * @param session the current connection, if any
	 * @return key to reason
	 */
	static Map<String, String> refusals(Map<String, String> serverRefusals,
			@Nullable RemoteSubscriptionSession session) {
		Map<String, String> refusals = new LinkedHashMap<>(serverRefusals);
		if (session != null) {
			session.refused.forEach(refusals::putIfAbsent);
		}
		return refusals;
	}

	/**
	 * Read the answer to a subscribe.
	 * @param outcome the answer, when the call completed
	 * @param ex the failure, when it did not
	 * @return {@code null} when the server holds the keys, otherwise why not
	 */
	static @Nullable Refusal refusal(@Nullable SubscribeOutcome outcome, @Nullable Throwable ex) {
		if (ex != null) {
			Throwable cause = Failures.unwrap(ex);
			boolean timedOut = cause instanceof PubSubTimeoutException;
			return new Refusal((timedOut ? "subscribe not answered: " : "subscribe failed: ")
					+ LogSanitizer.sanitize(cause.getMessage()), timedOut);
		}
		if (outcome == null || !outcome.accepted()) {
			String reason = (outcome != null) ? outcome.reason() : null;
			return new Refusal((reason != null) ? reason : "subscribe refused by the server", false);
		}
		return null;
	}

	/**
	 * Read the answer to a subscribe key by key: a whole-call refusal or failure refuses every key of
	 * the call, a {@linkplain SubscribeOutcome#partial per-key answer} only the keys it names.
	 * @param keys the keys of the call
	 * @param outcome the answer, when the call completed
	 * @param ex the failure, when it did not
	 * @return the keys of the call not held, with why not, in the order of {@code keys}; empty when
	 * the server holds them all
	 */
	static Map<String, Refusal> refusals(List<String> keys, @Nullable SubscribeOutcome outcome,
			@Nullable Throwable ex) {
		Map<String, Refusal> refusals = new LinkedHashMap<>();
		if (ex == null && outcome != null && outcome.perKey()) {
			for (String key : keys) {
				String reason = outcome.refusedKeys().get(key);
				if (reason != null) {
					refusals.put(key, new Refusal(reason, outcome.timedOutKeys().contains(key)));
				}
			}
			return refusals;
		}
		Refusal refusal = refusal(outcome, ex);
		if (refusal != null) {
			keys.forEach((key) -> refusals.put(key, refusal));
		}
		return refusals;
	}

	/**
	 * Why a subscribe did not make the server hold its keys.
	 * @param reason the reason (sanitized)
	 * @param timedOut whether it was not answered in time (it may still have reached the server)
	 */
	record Refusal(String reason, boolean timedOut) {
	}

}
