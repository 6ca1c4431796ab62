package dev.pubsub.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

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
 * <p>
 * The {@link Mac} keyed with the current secret is built once and cloned for each signature (a
 * {@code Mac.getInstance} provider lookup and key set-up per request cost more than the HMAC of a
 * short string); a new secret from the credentials builds a new one.
 */
public final class ChannelAuthSigner {

	private static final String ALGORITHM = "HmacSHA256";

	private static final HexFormat HEX = HexFormat.of();

	private final ChannelAuthCredentials credentials;

	private volatile @Nullable KeyedMac keyedMac;

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
		return this.credentials.appKey() + ":" + currentSignature(socketId, channelName, channelData);
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
		byte[] expected = currentSignature(socketId, channelName, channelData).getBytes(StandardCharsets.UTF_8);
		boolean keyMatches = MessageDigest.isEqual(givenKey, expectedKey);
		boolean signatureMatches = MessageDigest.isEqual(given, expected);
		return keyMatches & signatureMatches;
	}

	private String currentSignature(String socketId, String channelName, @Nullable String channelData) {
		return HEX.formatHex(mac(this.credentials.appSecret())
			.doFinal(stringToSign(socketId, channelName, channelData).getBytes(StandardCharsets.UTF_8)));
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
		return HEX.formatHex(newMac(secret).doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * A {@link Mac} keyed with {@code secret} that only the caller uses: a clone of the one built for
	 * the last secret seen, or a new one when the secret changed (or the provider cannot clone).
	 */
	private Mac mac(String secret) {
		KeyedMac keyed = this.keyedMac;
		if (keyed == null || !keyed.secret().equals(secret)) {
			keyed = new KeyedMac(secret, newMac(secret));
			this.keyedMac = keyed;
		}
		try {
			return (Mac) keyed.prototype().clone();
		}
		catch (CloneNotSupportedException ex) {
			return newMac(secret);
		}
	}

	private static Mac newMac(String secret) {
		try {
			Mac mac = Mac.getInstance(ALGORITHM);
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The {@link Mac} keyed with one secret, never used itself, only cloned.
	 * @param secret the secret it is keyed with
	 * @param prototype the keyed {@link Mac}
	 */
	private record KeyedMac(String secret, Mac prototype) {

		@Override
		public String toString() {
			return "KeyedMac[<hidden>]";
		}

	}

}
