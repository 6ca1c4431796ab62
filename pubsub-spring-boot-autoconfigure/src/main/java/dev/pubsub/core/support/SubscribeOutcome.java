package dev.pubsub.core.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

/**
 * The server's answer to a subscribe a {@link RemoteSubscriber} sent: for the whole call
 * ({@link #held()}, {@link #refused(String)}) or, for servers that answer each key on its own, per
 * key ({@link #partial(Map, Set)}).
 *
 * @param accepted whether the server holds every key of the call now
 * @param reason why not, when the whole call was refused (sanitized); {@code null} for a per-key answer
 * @param refusedKeys the keys of the call the server does not hold, with the reason (sanitized); empty
 * for a whole-call answer. The other keys of the call are held.
 * @param timedOutKeys the refused keys whose subscribe was not answered in time (it may still have
 * reached the server); a subset of {@code refusedKeys}
 */
public record SubscribeOutcome(boolean accepted, @Nullable String reason, Map<String, String> refusedKeys,
		Set<String> timedOutKeys) {

	private static final SubscribeOutcome HELD = new SubscribeOutcome(true, null);

	/**
	 * Create an answer.
	 * @param accepted whether the server holds every key of the call now
	 * @param reason why not (sanitized)
	 * @param refusedKeys the keys the server does not hold, with the reason
	 * @param timedOutKeys the refused keys not answered in time
	 */
	public SubscribeOutcome {
		refusedKeys = Collections.unmodifiableMap(new LinkedHashMap<>(refusedKeys));
		timedOutKeys = Collections.unmodifiableSet(new LinkedHashSet<>(timedOutKeys));
		if (!refusedKeys.keySet().containsAll(timedOutKeys)) {
			throw new IllegalArgumentException("Timed-out keys must be refused keys: " + timedOutKeys);
		}
	}

	/**
	 * Create an answer for the whole call.
	 * @param accepted whether the server holds the keys now
	 * @param reason why not, when not accepted (sanitized)
	 */
	public SubscribeOutcome(boolean accepted, @Nullable String reason) {
		this(accepted, reason, Map.of(), Set.of());
	}

	/**
	 * The server holds the keys.
	 * @return the outcome
	 */
	public static SubscribeOutcome held() {
		return HELD;
	}

	/**
	 * The server refused the keys.
	 * @param reason why (sanitized)
	 * @return the outcome
	 */
	public static SubscribeOutcome refused(String reason) {
		return new SubscribeOutcome(false, reason);
	}

	/**
	 * The server answered each key on its own: the keys of the call not named here are held.
	 * @param refused the keys it refused or that failed, with the reason (sanitized)
	 * @param timedOut the refused keys whose subscribe was not answered in time (the registry
	 * unsubscribes them before the retry)
	 * @return the outcome, {@link #held()} when nothing was refused
	 */
	public static SubscribeOutcome partial(Map<String, String> refused, Set<String> timedOut) {
		if (refused.isEmpty() && timedOut.isEmpty()) {
			return HELD;
		}
		return new SubscribeOutcome(false, null, refused, timedOut);
	}

	/**
	 * Combine the answers a server gave each key of a call on its own into one per-key answer: a key
	 * whose answer failed is refused with the failure ({@code subscribe failed: ...}), one that failed
	 * with a {@link dev.pubsub.core.PubSubTimeoutException} is also timed out.
	 * @param answers each key's answer, in the order of the call (whole-call answers of one key)
	 * @return completed once every answer is in, never exceptionally
	 */
	public static CompletableFuture<SubscribeOutcome> ofEach(Map<String, CompletableFuture<SubscribeOutcome>> answers) {
		return CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new)).handle((ignored, ex) -> {
			Map<String, String> refused = new LinkedHashMap<>();
			Set<String> timedOut = new LinkedHashSet<>();
			answers.forEach((key, answer) -> {
				RemoteSubscriptionStatus.Refusal refusal = answer.handle(RemoteSubscriptionStatus::refusal).join();
				if (refusal != null) {
					refused.put(key, refusal.reason());
					if (refusal.timedOut()) {
						timedOut.add(key);
					}
				}
			});
			return partial(refused, timedOut);
		});
	}

	/**
	 * Whether this answers each key on its own.
	 * @return {@code true} for a {@link #partial} answer that refused keys
	 */
	public boolean perKey() {
		return !this.refusedKeys.isEmpty();
	}

}
