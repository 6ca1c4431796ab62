package dev.pubsub.auth;

import org.springframework.util.Assert;

/**
 * The application key and secret that channel signatures are made with. The signer asks for them
 * on every signature, so an implementation backed by a secret store can rotate them without a
 * restart. Without such a bean, {@code pubsub.channel-auth.app-key} and
 * {@code pubsub.channel-auth.app-secret} are used.
 */
public interface ChannelAuthCredentials {

	/**
	 * Return the public application key, the part before the {@code :} of an auth string.
	 * @return the key
	 */
	String appKey();

	/**
	 * Return the application secret the HMAC is keyed with.
	 * @return the secret
	 */
	String appSecret();

	/**
	 * Return fixed credentials.
	 * @param appKey the key
	 * @param appSecret the secret
	 * @return the credentials
	 */
	static ChannelAuthCredentials of(String appKey, String appSecret) {
		Assert.hasText(appKey, "appKey must not be empty");
		Assert.hasText(appSecret, "appSecret must not be empty");
		Assert.isTrue(appKey.indexOf(':') < 0, "appKey must not contain ':'");
		return new FixedChannelAuthCredentials(appKey, appSecret);
	}

}
