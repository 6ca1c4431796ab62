package dev.pubsub.httppubsub;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The authorization of one direction of the protocol (to-broadcaster or to-subscriber): produces
 * the value of an {@code Authorization} header (or body auth field) and checks one.
 * <ul>
 * <li>{@link Mode#NONE}: nothing is sent, everything is accepted.</li>
 * <li>{@link Mode#TOKEN}: exactly {@code Bearer <secret>}; missing is {@link AuthResult#UNAUTHORIZED},
 * different is {@link AuthResult#FORBIDDEN}; compared in constant time.</li>
 * <li>{@link Mode#HMAC}: {@code X-HMAC <unixSeconds>:<nonce>:<base64 HMAC-SHA512>} over
 * {@code u8 type, u64 timestamp, u8+nonce, str16 tracing} and the type's fields; accepted within
 * ±120 s and only once (an in-memory replay store remembers every accepted MAC for the window).</li>
 * </ul>
 * Secrets never appear in {@link #toString()}, logs or exception messages.
 */
public final class HttpPubSubAuth {

	/** How long an HMAC is valid around its timestamp, in seconds (lonelypsp's token lifetime). */
	public static final long HMAC_WINDOW_SECONDS = 120;

	private static final String BEARER = "Bearer ";

	private static final String X_HMAC = "X-HMAC ";

	private static final char[] NONCE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
		.toCharArray();

	private static final int MAX_REMEMBERED = 1_000_000;

	private final Mode mode;

	private final byte @Nullable [] secret;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	private final Map<ByteBuffer, Long> usedCodes = new ConcurrentHashMap<>();

	private volatile long nextPurge;

	private HttpPubSubAuth(Mode mode, byte @Nullable [] secret, Clock clock) {
		this.mode = mode;
		this.secret = secret;
		this.clock = clock;
	}

	/**
	 * No authorization.
	 * @return the auth
	 */
	public static HttpPubSubAuth none() {
		return new HttpPubSubAuth(Mode.NONE, null, Clock.systemUTC());
	}

	/**
	 * Bearer token authorization.
	 * @param token the shared token
	 * @return the auth
	 */
	public static HttpPubSubAuth token(String token) {
		Assert.hasText(token, "token must not be empty");
		return new HttpPubSubAuth(Mode.TOKEN, (BEARER + token).getBytes(StandardCharsets.UTF_8), Clock.systemUTC());
	}

	/**
	 * HMAC authorization with a secret as {@code lonelypss --setup} writes it (URL-safe base64 of 64
	 * bytes, padding optional).
	 * @param secret the encoded secret
	 * @return the auth
	 */
	public static HttpPubSubAuth hmac(String secret) {
		return hmac(secret, Clock.systemUTC());
	}

	/**
	 * HMAC authorization with an explicit clock.
	 * @param secret the encoded secret
	 * @param clock the clock for timestamps and the validity window
	 * @return the auth
	 */
	public static HttpPubSubAuth hmac(String secret, Clock clock) {
		Assert.hasText(secret, "secret must not be empty");
		byte[] key;
		try {
			key = Base64.getUrlDecoder().decode(stripPadding(secret.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("HMAC secret is not URL-safe base64");
		}
		if (key.length != 64) {
			throw new IllegalArgumentException("HMAC secret must decode to 64 bytes, got " + key.length);
		}
		return new HttpPubSubAuth(Mode.HMAC, key, clock);
	}

	/**
	 * Create the auth for a mode.
	 * @param mode the mode
	 * @param secret the token or HMAC secret (ignored for none)
	 * @return the auth
	 */
	public static HttpPubSubAuth of(Mode mode, @Nullable String secret) {
		return switch (mode) {
			case NONE -> none();
			case TOKEN -> token(requireSecret(mode, secret));
			case HMAC -> hmac(requireSecret(mode, secret));
		};
	}

	private static String requireSecret(Mode mode, @Nullable String secret) {
		if (secret == null || secret.isBlank()) {
			throw new IllegalArgumentException("auth mode " + mode.name().toLowerCase() + " needs a secret");
		}
		return secret;
	}

	private static String stripPadding(String value) {
		int end = value.length();
		while (end > 0 && value.charAt(end - 1) == '=') {
			end--;
		}
		return value.substring(0, end);
	}

	/**
	 * Return the mode.
	 * @return the mode
	 */
	public Mode mode() {
		return this.mode;
	}

	/**
	 * Produce the authorization for a message.
	 * @param type the {@link AuthMessageType}
	 * @param tracing the tracing bytes of the message
	 * @param fields the type's signed fields, already encoded
	 * @return the header value, or {@code null} for none
	 */
	public @Nullable String authorize(int type, byte[] tracing, byte[] fields) {
		return switch (this.mode) {
			case NONE -> null;
			case TOKEN -> new String(secret(), StandardCharsets.UTF_8);
			case HMAC -> {
				long timestamp = this.clock.millis() / 1000;
				String nonce = nonce();
				byte[] mac = mac(toSign(type, timestamp, nonce, tracing, fields));
				yield X_HMAC + timestamp + ":" + nonce + ":" + Base64.getEncoder().encodeToString(mac);
			}
		};
	}

	/**
	 * Produce an HMAC authorization for a fixed timestamp and nonce (for test vectors).
	 * @param type the type
	 * @param timestamp the unix timestamp in seconds
	 * @param nonce the nonce
	 * @param tracing the tracing bytes
	 * @param fields the signed fields
	 * @return the header value
	 */
	public String authorizeHmac(int type, long timestamp, String nonce, byte[] tracing, byte[] fields) {
		Assert.state(this.mode == Mode.HMAC, "not an HMAC auth");
		byte[] mac = mac(toSign(type, timestamp, nonce, tracing, fields));
		return X_HMAC + timestamp + ":" + nonce + ":" + Base64.getEncoder().encodeToString(mac);
	}

	/**
	 * Check an authorization. A valid HMAC is remembered, so the same one is refused next time.
	 * @param authorization the header value (or body auth field; empty counts as missing)
	 * @param type the {@link AuthMessageType}
	 * @param tracing the tracing bytes of the message
	 * @param fields the type's signed fields, already encoded
	 * @return the result
	 */
	public AuthResult verify(@Nullable String authorization, int type, byte[] tracing, byte[] fields) {
		if (this.mode == Mode.NONE) {
			return AuthResult.OK;
		}
		if (authorization == null || authorization.isEmpty()) {
			return AuthResult.UNAUTHORIZED;
		}
		if (this.mode == Mode.TOKEN) {
			return MessageDigest.isEqual(authorization.getBytes(StandardCharsets.UTF_8), secret()) ? AuthResult.OK
					: AuthResult.FORBIDDEN;
		}
		return verifyHmac(authorization, type, tracing, fields);
	}

	private AuthResult verifyHmac(String authorization, int type, byte[] tracing, byte[] fields) {
		if (!authorization.startsWith(X_HMAC)) {
			return AuthResult.FORBIDDEN;
		}
		String rest = authorization.substring(X_HMAC.length());
		int first = rest.indexOf(':');
		if (first < 0) {
			return AuthResult.FORBIDDEN;
		}
		long timestamp;
		try {
			timestamp = Long.parseLong(rest.substring(0, first));
		}
		catch (NumberFormatException ex) {
			return AuthResult.FORBIDDEN;
		}
		long now = this.clock.millis() / 1000;
		if (Math.abs(now - timestamp) > HMAC_WINDOW_SECONDS) {
			return AuthResult.FORBIDDEN;
		}
		int second = rest.indexOf(':', first + 1);
		if (second < 0) {
			return AuthResult.FORBIDDEN;
		}
		String nonce = rest.substring(first + 1, second);
		byte[] code;
		try {
			code = Base64.getDecoder().decode(stripPadding(rest.substring(second + 1)));
		}
		catch (IllegalArgumentException ex) {
			return AuthResult.FORBIDDEN;
		}
		if (code.length != 64 || nonce.getBytes(StandardCharsets.UTF_8).length > 255) {
			return AuthResult.FORBIDDEN;
		}
		byte[] expected = mac(toSign(type, timestamp, nonce, tracing, fields));
		if (!MessageDigest.isEqual(expected, code)) {
			return AuthResult.FORBIDDEN;
		}
		return markUsed(code, now) ? AuthResult.OK : AuthResult.FORBIDDEN;
	}

	private boolean markUsed(byte[] code, long now) {
		purgeExpired(now);
		long expiresAt = now + HMAC_WINDOW_SECONDS * 2;
		return this.usedCodes.putIfAbsent(ByteBuffer.wrap(code), expiresAt) == null;
	}

	private void purgeExpired(long now) {
		if (now < this.nextPurge && this.usedCodes.size() < MAX_REMEMBERED) {
			return;
		}
		this.nextPurge = now + 10;
		for (Iterator<Long> it = this.usedCodes.values().iterator(); it.hasNext();) {
			if (it.next() < now) {
				it.remove();
			}
		}
	}

	private static byte[] toSign(int type, long timestamp, String nonce, byte[] tracing, byte[] fields) {
		return new WireWriter(32 + tracing.length + fields.length).u8(type)
			.u64(timestamp)
			.str8(nonce.getBytes(StandardCharsets.UTF_8))
			.str16(tracing)
			.bytes(fields)
			.toByteArray();
	}

	private byte[] mac(byte[] data) {
		try {
			Mac mac = Mac.getInstance("HmacSHA512");
			mac.init(new SecretKeySpec(secret(), "HmacSHA512"));
			return mac.doFinal(data);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA512 is not available", ex);
		}
	}

	private String nonce() {
		char[] chars = new char[6];
		for (int i = 0; i < chars.length; i++) {
			chars[i] = NONCE_ALPHABET[this.random.nextInt(NONCE_ALPHABET.length)];
		}
		return new String(chars);
	}

	private byte[] secret() {
		byte[] value = this.secret;
		Assert.state(value != null, "no secret");
		return value;
	}

	@Override
	public String toString() {
		return "HttpPubSubAuth[" + this.mode.name().toLowerCase() + "]";
	}

	/**
	 * The authorization modes.
	 */
	public enum Mode {

		/** No authorization. */
		NONE,

		/** A shared bearer token. */
		TOKEN,

		/** HMAC-SHA512 signatures with a shared 64-byte key. */
		HMAC

	}

}
