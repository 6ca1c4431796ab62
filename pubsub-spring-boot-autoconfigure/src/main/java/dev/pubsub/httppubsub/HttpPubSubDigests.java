package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The digests of the protocol beyond a message's SHA-512: the strong etag of a URL's
 * subscriptions, and the {@code Repr-Digest} header of a receive request.
 */
final class HttpPubSubDigests {

	private HttpPubSubDigests() {
	}

	/**
	 * Compute the strong etag: SHA-512 of {@code "URL" str16 url "\nEXACT" {str16 topic str16
	 * recovery}* "\nGLOB" {str16 glob str16 recovery}* "\n"}, entries already sorted bytewise.
	 * @param url the receive URL
	 * @param exact the sorted exact entries
	 * @param glob the sorted glob entries
	 * @return the 64-byte etag
	 */
	static byte[] etag(String url, List<HttpPubSubProtocol.Entry> exact, List<HttpPubSubProtocol.Entry> glob) {
		MessageDigest digest = HttpPubSubProtocol.sha512();
		digest.update("URL".getBytes(StandardCharsets.US_ASCII));
		digest.update(new WireWriter().str16(url).toByteArray());
		digest.update("\nEXACT".getBytes(StandardCharsets.US_ASCII));
		for (HttpPubSubProtocol.Entry entry : exact) {
			digest.update(new WireWriter().str16(entry.value())
				.str16(HttpPubSubProtocol.nullToEmpty(entry.recovery()))
				.toByteArray());
		}
		digest.update("\nGLOB".getBytes(StandardCharsets.US_ASCII));
		for (HttpPubSubProtocol.Entry entry : glob) {
			digest.update(new WireWriter().str16(entry.value())
				.str16(HttpPubSubProtocol.nullToEmpty(entry.recovery()))
				.toByteArray());
		}
		digest.update("\n".getBytes(StandardCharsets.US_ASCII));
		return digest.digest();
	}

	/**
	 * Read the SHA-512 from a {@code Repr-Digest} header, with or without RFC 9530's colons.
	 * @param header the header value
	 * @return the digest, or {@code null} if the header has no valid sha-512 entry
	 */
	static byte @Nullable [] parseReprDigest(@Nullable String header) {
		if (header == null) {
			return null;
		}
		for (String part : header.split(",")) {
			String entry = part.trim();
			int eq = entry.indexOf('=');
			if (eq < 0 || !entry.substring(0, eq).trim().equalsIgnoreCase("sha-512")) {
				continue;
			}
			String value = entry.substring(eq + 1).trim();
			if (value.length() >= 2 && value.startsWith(":") && value.endsWith(":")) {
				value = value.substring(1, value.length() - 1);
			}
			try {
				byte[] digest = Base64.getDecoder().decode(value);
				return (digest.length == 64) ? digest : null;
			}
			catch (IllegalArgumentException ex) {
				return null;
			}
		}
		return null;
	}

}
