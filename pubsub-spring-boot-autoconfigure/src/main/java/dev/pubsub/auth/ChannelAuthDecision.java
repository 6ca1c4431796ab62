package dev.pubsub.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The outcome of {@link ChannelAuthorizer#authorize(ChannelAuthRequest)}: allowed (with the
 * presence identity), refused (HTTP 403) or unauthenticated (HTTP 401).
 */
public final class ChannelAuthDecision {

	/**
	 * The kinds of decision.
	 */
	public enum Outcome {

		/** The join is allowed. */
		ALLOWED,

		/** The user is known but may not join: 403. */
		REFUSED,

		/** The user is not authenticated: 401. */
		UNAUTHENTICATED

	}

	private final Outcome outcome;

	private final @Nullable String userId;

	private final Map<String, Object> userInfo;

	private final @Nullable String reason;

	private ChannelAuthDecision(Outcome outcome, @Nullable String userId, Map<String, Object> userInfo,
			@Nullable String reason) {
		this.outcome = outcome;
		this.userId = userId;
		this.userInfo = userInfo;
		this.reason = reason;
	}

	/**
	 * Allow the join; on a presence channel the principal's name becomes the user id.
	 * @return the decision
	 */
	public static ChannelAuthDecision allow() {
		return new ChannelAuthDecision(Outcome.ALLOWED, null, Map.of(), null);
	}

	/**
	 * Allow the join as the given presence member.
	 * @param userId the user id sent as {@code channel_data.user_id}
	 * @param userInfo the user info sent as {@code channel_data.user_info}; empty for none
	 * @return the decision
	 */
	public static ChannelAuthDecision allowAs(String userId, Map<String, ?> userInfo) {
		Assert.hasText(userId, "userId must not be empty");
		return new ChannelAuthDecision(Outcome.ALLOWED, userId,
				Collections.unmodifiableMap(new LinkedHashMap<>(userInfo)), null);
	}

	/**
	 * Refuse the join (403).
	 * @param reason a reason safe to show the caller
	 * @return the decision
	 */
	public static ChannelAuthDecision refuse(String reason) {
		return new ChannelAuthDecision(Outcome.REFUSED, null, Map.of(), reason);
	}

	/**
	 * Report that the caller is not authenticated (401).
	 * @return the decision
	 */
	public static ChannelAuthDecision unauthenticated() {
		return new ChannelAuthDecision(Outcome.UNAUTHENTICATED, null, Map.of(), "Authentication required");
	}

	public Outcome outcome() {
		return this.outcome;
	}

	public boolean isAllowed() {
		return this.outcome == Outcome.ALLOWED;
	}

	/**
	 * Return the presence user id, if the authorizer chose one.
	 * @return the user id or {@code null}
	 */
	public @Nullable String userId() {
		return this.userId;
	}

	/**
	 * Return the presence user info.
	 * @return the user info, possibly empty
	 */
	public Map<String, Object> userInfo() {
		return this.userInfo;
	}

	public @Nullable String reason() {
		return this.reason;
	}

}
