package dev.pubsub.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Signs and verifies Pusher-style channel subscriptions: the auth string is
 * {@code appKey + ":" + hex(HMAC-SHA256(appSecret, socketId + ":" + channelName [+ ":" + channelData]))},
 * hex in lower case, key and message UTF-8.
 * <p>
 * The channel data of a presence channel is signed as the exact string given: serialise it once,
 * then sign and send that same string. Verification compares in constant time.
 */
public final class ChannelAuthSigner {

	private static final String ALGORITHM = "HmacSHA256";

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private final ChannelAuthCredentials credentials;

	/**
	 * Create a signer.
	 * @param credentials the credentials, read on every call
	 */
	public ChannelAuthSigner(ChannelAuthCredentials credentials) {
		Assert.notNull(credentials, "credentials must not be null");
		this.credentials = credentials;
	}

	/**
	 * Sign a subscription.
	 * @param socketId the socket id of the connection that subscribes
	 * @param channelName the channel name
	 * @param channelData the presence channel data, exactly as it will be sent, or {@code null}
	 * @return the auth string {@code key:signature}
	 */
	public String sign(String socketId, String channelName, @Nullable String channelData) {
		String key = this.credentials.appKey();
		return key + ":" + signature(this.credentials.appSecret(), stringToSign(socketId, channelName, channelData));
	}

	/**
	 * Verify an auth string against the current credentials, in constant time for the signature.
	 * @param auth the auth string {@code key:signature}
	 * @param socketId the socket id
	 * @param channelName the channel name
	 * @param channelData the presence channel data as received, or {@code null}
	 * @return {@code true} if the key matches and the signature is valid
	 */
	public boolean verify(@Nullable String auth, String socketId, String channelName, @Nullable String channelData) {
		if (auth == null) {
			return false;
		}
		int colon = auth.indexOf(':');
		if (colon < 0) {
			return false;
		}
		byte[] givenKey = auth.substring(0, colon).getBytes(StandardCharsets.UTF_8);
		byte[] expectedKey = this.credentials.appKey().getBytes(StandardCharsets.UTF_8);
		byte[] given = auth.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
		byte[] expected = signature(this.credentials.appSecret(), stringToSign(socketId, channelName, channelData))
			.getBytes(StandardCharsets.UTF_8);
		boolean keyMatches = MessageDigest.isEqual(givenKey, expectedKey);
		boolean signatureMatches = MessageDigest.isEqual(given, expected);
		return keyMatches & signatureMatches;
	}

	/**
	 * Return the string that is signed.
	 * @param socketId the socket id
	 * @param channelName the channel name
	 * @param channelData the presence channel data or {@code null}
	 * @return the string to sign
	 */
	public static String stringToSign(String socketId, String channelName, @Nullable String channelData) {
		return (channelData != null) ? socketId + ":" + channelName + ":" + channelData
				: socketId + ":" + channelName;
	}

	/**
	 * Compute the lower-case hex HMAC-SHA256 of a string.
	 * @param secret the secret
	 * @param stringToSign the message
	 * @return the 64-character hex signature
	 */
	public static String signature(String secret, String stringToSign) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			byte[] digest = mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
			char[] hex = new char[digest.length * 2];
			for (int i = 0; i < digest.length; i++) {
				hex[i * 2] = HEX[(digest[i] >> 4) & 0xF];
				hex[i * 2 + 1] = HEX[digest[i] & 0xF];
			}
			return new String(hex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
