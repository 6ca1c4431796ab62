package dev.pubsub.test.emitter;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The channel keys an embedded broker knows: the secret (master) key and the keys generated from
 * it. Real Emitter keys are encrypted tokens; here they are random strings remembered by the broker,
 * which behaves the same from a client's point of view (including across broker restarts).
 */
final class ChannelKeys {

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final String secret = random(32);

	private final Map<String, Key> keys = new ConcurrentHashMap<>();

	String secret() {
		return this.secret;
	}

	boolean isSecret(String key) {
		return this.secret.equals(key);
	}

	Key create(String channel, String permissions, long ttlSeconds) {
		return add(random(32), channel, permissions, ttlSeconds);
	}

	Key add(String value, String channel, String permissions, long ttlSeconds) {
		StringBuilder letters = new StringBuilder();
		for (char letter : permissions.toCharArray()) {
			if ("rwslpex".indexOf(letter) >= 0 && letters.indexOf(String.valueOf(letter)) < 0) {
				letters.append(letter);
			}
		}
		Instant expires = (ttlSeconds > 0) ? Instant.now().plusSeconds(ttlSeconds) : null;
		Key key = new Key(value, channel, letters.toString(), expires);
		this.keys.put(key.value(), key);
		return key;
	}

	@Nullable Key find(String value) {
		Key key = this.keys.get(value);
		if (key == null || (key.expires() != null && Instant.now().isAfter(key.expires()))) {
			return null;
		}
		return key;
	}

	static String random(int length) {
		StringBuilder builder = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			builder.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return builder.toString();
	}

	/**
	 * A generated key.
	 *
	 * @param value the key string
	 * @param channel the channel it covers ({@code a/b/} exactly, {@code a/#/} and below)
	 * @param permissions the permission letters
	 * @param expires when it expires, or {@code null}
	 */
	record Key(String value, String channel, String permissions, @Nullable Instant expires) {

		boolean allows(char permission) {
			return this.permissions.indexOf(permission) >= 0;
		}

		boolean covers(String target) {
			String[] keyParts = trim(this.channel).split("/");
			String[] parts = trim(target).split("/");
			boolean wildcard = "#".equals(keyParts[keyParts.length - 1]);
			int fixed = wildcard ? keyParts.length - 1 : keyParts.length;
			if (parts.length < fixed || (!wildcard && parts.length != fixed)) {
				return false;
			}
			for (int i = 0; i < fixed; i++) {
				if (!"+".equals(keyParts[i]) && !keyParts[i].equals(parts[i])) {
					return false;
				}
			}
			return true;
		}

		private static String trim(String channel) {
			return channel.endsWith("/") ? channel.substring(0, channel.length() - 1) : channel;
		}

	}

}
