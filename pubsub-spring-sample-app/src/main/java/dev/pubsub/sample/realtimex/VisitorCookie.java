package dev.pubsub.sample.realtimex;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.util.Assert;

/**
 * The sample's anonymous visitor identity, kept in the browser instead of an HTTP session: a random
 * visitor id plus its HMAC-SHA256 under a server secret, in an {@code HttpOnly}, {@code SameSite=Lax}
 * cookie. The server keeps nothing per visitor, so any number of anonymous requests costs no memory;
 * a visitor cannot choose or change its id without the secret.
 * <p>
 * Issued by {@code GET /realtimex/config} (the page calls it first), read by the channel authorizer.
 */
public class VisitorCookie {

	/** Name of the cookie. */
	public static final String NAME = "sample-visitor";

	private static final int ID_BYTES = 12;

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final SecureRandom random = new SecureRandom();

	private final SecretKeySpec key;

	/**
	 * Create the cookie codec.
	 * @param secret the HMAC secret, at least 16 bytes
	 */
	public VisitorCookie(byte[] secret) {
		Assert.isTrue(secret.length >= 16, "The visitor cookie secret needs at least 16 bytes");
		this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
	}

	/**
	 * Return the visitor id of a request whose cookie carries a valid signature.
	 * @param request the request
	 * @return the visitor id, or empty without a cookie or with a forged one
	 */
	public Optional<String> visitorId(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies == null) {
			return Optional.empty();
		}
		for (Cookie cookie : cookies) {
			if (NAME.equals(cookie.getName())) {
				Optional<String> id = verify(cookie.getValue());
				if (id.isPresent()) {
					return id;
				}
			}
		}
		return Optional.empty();
	}

	/**
	 * Return the request's visitor id, issuing a new id and cookie on the response if it has no valid one.
	 * @param request the request
	 * @param response the response the cookie is set on
	 * @return the visitor id
	 */
	public String ensure(HttpServletRequest request, HttpServletResponse response) {
		Optional<String> existing = visitorId(request);
		if (existing.isPresent()) {
			return existing.get();
		}
		byte[] bytes = new byte[ID_BYTES];
		this.random.nextBytes(bytes);
		String id = ENCODER.encodeToString(bytes);
		ResponseCookie cookie = ResponseCookie.from(NAME, id + "." + sign(id))
			.httpOnly(true)
			.secure(request.isSecure())
			.sameSite("Lax")
			.path("/")
			.build();
		response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
		return id;
	}

	private Optional<String> verify(String value) {
		int dot = value.indexOf('.');
		if (dot <= 0 || value.length() > 128) {
			return Optional.empty();
		}
		String id = value.substring(0, dot);
		byte[] expected = sign(id).getBytes(StandardCharsets.US_ASCII);
		byte[] actual = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
		return MessageDigest.isEqual(expected, actual) ? Optional.of(id) : Optional.empty();
	}

	private String sign(String id) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(this.key);
			return ENCODER.encodeToString(mac.doFinal(id.getBytes(StandardCharsets.US_ASCII)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

}
