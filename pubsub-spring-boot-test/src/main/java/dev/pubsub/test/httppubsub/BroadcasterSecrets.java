package dev.pubsub.test.httppubsub;

import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

import dev.pubsub.httppubsub.HttpPubSubAuth;

/**
 * The authorization of an {@link EmbeddedHttpPubSubBroadcaster} created with
 * {@link EmbeddedHttpPubSubBroadcaster#withAuth(int, HttpPubSubAuth.Mode, String, String)}: one mode for both
 * directions and the two secrets, which are the values of a client's
 * {@code pubsub.clients.<name>.httppubsub.to-broadcaster.secret} and {@code to-subscriber.secret}.
 * {@link #toString()} does not show the secrets.
 *
 * @param mode the mode of both directions
 * @param toBroadcaster the token or HMAC secret of requests to the broadcaster ({@code null} for {@code NONE})
 * @param toSubscriber the token or HMAC secret of requests to subscribers ({@code null} for {@code NONE})
 */
public record BroadcasterSecrets(HttpPubSubAuth.Mode mode, @Nullable String toBroadcaster,
		@Nullable String toSubscriber) {

	private static final SecureRandom RANDOM = new SecureRandom();

	/**
	 * Create the secrets of a mode, generating the ones not given.
	 * @param mode the mode
	 * @param toBroadcaster the secret of requests to the broadcaster; null or empty for a random one
	 * @param toSubscriber the secret of requests to subscribers; null or empty for a random one
	 * @return the secrets ({@code null} secrets for {@code NONE})
	 */
	public static BroadcasterSecrets create(HttpPubSubAuth.Mode mode, @Nullable String toBroadcaster,
			@Nullable String toSubscriber) {
		return new BroadcasterSecrets(mode, secret(mode, toBroadcaster), secret(mode, toSubscriber));
	}

	private static @Nullable String secret(HttpPubSubAuth.Mode mode, @Nullable String given) {
		if (mode == HttpPubSubAuth.Mode.NONE) {
			return null;
		}
		if (given != null && !given.isEmpty()) {
			return given;
		}
		// a token is any string; an HMAC secret is URL-safe base64 of 64 bytes, as lonelypss --setup writes it
		byte[] bytes = new byte[(mode == HttpPubSubAuth.Mode.HMAC) ? 64 : 32];
		RANDOM.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	/**
	 * The authorization of requests to the broadcaster.
	 * @return the auth
	 */
	public HttpPubSubAuth toBroadcasterAuth() {
		return HttpPubSubAuth.of(this.mode, this.toBroadcaster);
	}

	/**
	 * The authorization of requests to subscribers.
	 * @return the auth
	 */
	public HttpPubSubAuth toSubscriberAuth() {
		return HttpPubSubAuth.of(this.mode, this.toSubscriber);
	}

	@Override
	public String toString() {
		return "BroadcasterSecrets[mode=" + this.mode + "]";
	}

}
