package dev.pubsub.test.realtime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies HS256 access tokens at the WebSocket upgrade: signature (constant-time compare), algorithm
 * ({@code HS256} only, so {@code none} is refused), expiry, and the shape of {@code sub} and
 * {@code permissions}. Error messages never contain the token.
 */
final class RealtimeTokenVerifier {

	private final byte[] secret;

	private final JsonMapper jsonMapper;

	private final Clock clock;

	RealtimeTokenVerifier(byte[] secret, JsonMapper jsonMapper, Clock clock) {
		this.secret = secret.clone();
		this.jsonMapper = jsonMapper;
		this.clock = clock;
	}

	VerifiedToken verify(@Nullable String token) {
		if (token == null || token.isEmpty()) {
			throw new InvalidTokenException("no access_token");
		}
		String[] parts = token.split("\\.", -1);
		if (parts.length != 3) {
			throw new InvalidTokenException("not a compact JWS");
		}
		JsonNode header = decodeJson(parts[0], "header");
		if (!"HS256".equals(text(header, "alg"))) {
			throw new InvalidTokenException("algorithm is not HS256");
		}
		byte[] expected = JwtTestTokens.hmacSha256(this.secret, parts[0] + "." + parts[1]);
		if (!MessageDigest.isEqual(expected, decode(parts[2], "signature"))) {
			throw new InvalidTokenException("bad signature");
		}
		JsonNode claims = decodeJson(parts[1], "claims");
		JsonNode exp = claims.get("exp");
		if (exp != null && (!exp.isNumber() || exp.asLong() <= this.clock.instant().getEpochSecond())) {
			throw new InvalidTokenException("token expired");
		}
		JsonNode sub = claims.get("sub");
		if (sub != null && !sub.isString() && !sub.isNull()) {
			throw new InvalidTokenException("sub is not a string");
		}
		List<String> permissions = new ArrayList<>();
		JsonNode array = claims.get("permissions");
		if (array != null && !array.isNull()) {
			if (!array.isArray()) {
				throw new InvalidTokenException("permissions is not an array");
			}
			for (JsonNode permission : array) {
				if (!permission.isString()) {
					throw new InvalidTokenException("permissions holds a non-string");
				}
				permissions.add(permission.stringValue());
			}
		}
		return new VerifiedToken((sub != null && sub.isString()) ? sub.stringValue() : null, List.copyOf(permissions));
	}

	private JsonNode decodeJson(String part, String what) {
		try {
			JsonNode node = this.jsonMapper.readTree(decode(part, what));
			if (node == null || !node.isObject()) {
				throw new InvalidTokenException(what + " is not a JSON object");
			}
			return node;
		}
		catch (JacksonException ex) {
			throw new InvalidTokenException(what + " is not JSON");
		}
	}

	private static byte[] decode(String part, String what) {
		try {
			return Base64.getUrlDecoder().decode(part.getBytes(StandardCharsets.US_ASCII));
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTokenException(what + " is not base64url");
		}
	}

	private static @Nullable String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.stringValue() : null;
	}

	/**
	 * The claims of a verified token.
	 *
	 * @param subject the {@code sub} claim, if any
	 * @param permissions the {@code permissions} claim
	 */
	record VerifiedToken(@Nullable String subject, List<String> permissions) {
	}

	/**
	 * A token that failed verification; the message says why without quoting the token.
	 */
	static final class InvalidTokenException extends RuntimeException {

		InvalidTokenException(String message) {
			super(message);
		}

	}

}
