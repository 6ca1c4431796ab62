package dev.pubsub.auth;

/**
 * Credentials that never change. {@link #toString()} hides the secret.
 */
final class FixedChannelAuthCredentials implements ChannelAuthCredentials {

	private final String appKey;

	private final String appSecret;

	FixedChannelAuthCredentials(String appKey, String appSecret) {
		this.appKey = appKey;
		this.appSecret = appSecret;
	}

	@Override
	public String appKey() {
		return this.appKey;
	}

	@Override
	public String appSecret() {
		return this.appSecret;
	}

	@Override
	public String toString() {
		return "ChannelAuthCredentials[appKey=" + this.appKey + ", appSecret=<hidden>]";
	}

}
