package dev.pubsub.test.realtime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.Assert;

/**
 * Mints HS256 access tokens (JWTs) of the shape the Realtime Pub/Sub gateway accepts: claims {@code sub},
 * {@code iat}, {@code exp} (seconds since the epoch) and {@code permissions} (an array of permission strings
 * such as {@code realtime:publisher:write:topic:chat/*}).
 * <p>
 * Use the instance of a running gateway ({@link EmbeddedRealtimeGateway#tokens()}) so tokens are signed with
 * its secret:
 * <pre class="code">
 * String token = gateway.tokens().mint("backend", JwtTestTokens.read("secure/inbound"), JwtTestTokens.write("priv/*"));
 * </pre>
 */
public final class JwtTestTokens {

	/** Permission prefix for publishing to topics matching a glob. */
	public static final String WRITE_PREFIX = "realtime:publisher:write:topic:";

	/** Permission prefix for subscribing to topics matching a glob. */
	public static final String READ_PREFIX = "realtime:subscriber:read:topic:";

	/** Permissions to publish to and subscribe to every topic. */
	public static final List<String> ALL_TOPICS = List.of(write("*"), read("*"));

	/** Time to live of tokens minted without an explicit one. */
	public static final Duration DEFAULT_TIME_TO_LIVE = Duration.ofHours(1);

	private static final String HEADER = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final byte[] secret;

	private final Clock clock;

	/**
	 * Create a minter for the given HS256 secret.
	 * @param secret the shared secret (the Realtime "app key")
	 */
	public JwtTestTokens(byte[] secret) {
		this(secret, Clock.systemUTC());
	}

	/**
	 * Create a minter for the given HS256 secret and clock.
	 * @param secret the shared secret
	 * @param clock the clock {@code iat} and {@code exp} are computed from
	 */
	public JwtTestTokens(byte[] secret, Clock clock) {
		Assert.isTrue(secret.length > 0, "Secret must not be empty");
		this.secret = secret.clone();
		this.clock = clock;
	}

	/**
	 * Create a minter for a UTF-8 secret string.
	 * @param secret the shared secret
	 * @return the minter
	 */
	public static JwtTestTokens withSecret(String secret) {
		return new JwtTestTokens(secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Create a minter with a fresh random 256-bit secret.
	 * @return the minter
	 */
	public static JwtTestTokens withRandomSecret() {
		byte[] secret = new byte[32];
		new SecureRandom().nextBytes(secret);
		return new JwtTestTokens(secret);
	}

	/**
	 * The permission to publish to topics matching {@code glob} ({@code *}, {@code prefix/*} or a topic name).
	 * @param glob the topic glob
	 * @return the permission string
	 */
	public static String write(String glob) {
		return WRITE_PREFIX + glob;
	}

	/**
	 * The permission to subscribe to topics matching {@code glob} ({@code *}, {@code prefix/*} or a topic
	 * name).
	 * @param glob the topic glob
	 * @return the permission string
	 */
	public static String read(String glob) {
		return READ_PREFIX + glob;
	}

	/**
	 * Mint a token valid for {@link #DEFAULT_TIME_TO_LIVE}.
	 * @param subject the {@code sub} claim
	 * @param permissions the {@code permissions} claim
	 * @return the compact JWT
	 */
	public String mint(String subject, String... permissions) {
		return mint(subject, DEFAULT_TIME_TO_LIVE, List.of(permissions));
	}

	/**
	 * Mint a token valid for {@link #DEFAULT_TIME_TO_LIVE}.
	 * @param subject the {@code sub} claim
	 * @param permissions the {@code permissions} claim
	 * @return the compact JWT
	 */
	public String mint(String subject, List<String> permissions) {
		return mint(subject, DEFAULT_TIME_TO_LIVE, permissions);
	}

	/**
	 * Mint a token. A negative time to live gives an already expired token.
	 * @param subject the {@code sub} claim
	 * @param timeToLive how long from now the token is valid
	 * @param permissions the {@code permissions} claim
	 * @return the compact JWT
	 */
	public String mint(String subject, Duration timeToLive, List<String> permissions) {
		long now = this.clock.instant().getEpochSecond();
		ObjectNode claims = JSON.createObjectNode();
		claims.put("sub", subject);
		claims.put("iat", now);
		claims.put("exp", now + timeToLive.toSeconds());
		ArrayNode array = claims.putArray("permissions");
		permissions.forEach(array::add);
		return sign(JSON.writeValueAsBytes(claims));
	}

	/**
	 * Sign arbitrary claims (a JSON object) as an HS256 token, for tests of unusual claim sets.
	 * @param claimsJson the claims as JSON text
	 * @return the compact JWT
	 */
	public String signClaims(String claimsJson) {
		return sign(claimsJson.getBytes(StandardCharsets.UTF_8));
	}

	private String sign(byte[] claims) {
		String signingInput = HEADER + "." + base64Url(claims);
		return signingInput + "." + base64Url(hmacSha256(this.secret, signingInput));
	}

	static byte[] hmacSha256(byte[] secret, String signingInput) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	private static String base64Url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
