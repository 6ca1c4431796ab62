package dev.pubsub.httppubsub;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The URLs that stand in for the receive URL in the authorization of websocket messages:
 * {@code websocket:<base64 connection nonce>:<hex counter>}. The connection nonce is
 * SHA-256(subscriber nonce ‖ broadcaster nonce); the subscriber's counter runs -1, -2, ... (one
 * step per subscribe, unsubscribe, continue-receive and confirm-receive it sends), the
 * broadcaster's 1, 2, ... (one step per receive part and missed notice it sends). Both sides count
 * both, so each URL is used once. Not thread-safe: callers hold the connection's send lock or run
 * on its single reader.
 */
public final class WebsocketAuthUrls {

	private final String nonce;

	private long subscriberCounter = -1;

	private long broadcasterCounter = 1;

	/**
	 * Create the URLs of a connection.
	 * @param subscriberNonce our 32 random bytes
	 * @param broadcasterNonce the broadcaster's 32 bytes
	 */
	public WebsocketAuthUrls(byte[] subscriberNonce, byte[] broadcasterNonce) {
		try {
			MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
			sha256.update(subscriberNonce);
			sha256.update(broadcasterNonce);
			this.nonce = Base64.getEncoder().encodeToString(sha256.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Return the URL of the next message this subscriber signs, and advance the counter.
	 * @return the URL
	 */
	public String nextSubscriberUrl() {
		return url(this.subscriberCounter--);
	}

	/**
	 * Return the URL of the next message the broadcaster signs, and advance the counter.
	 * @return the URL
	 */
	public String nextBroadcasterUrl() {
		return url(this.broadcasterCounter++);
	}

	private String url(long counter) {
		String hex = (counter < 0) ? "-" + Long.toHexString(-counter) : Long.toHexString(counter);
		return "websocket:" + this.nonce + ":" + hex;
	}

}
