package dev.pubsub.httppubsub;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * Where the broadcaster delivers each remote subscription of a {@link DefaultHttpPubSubClient}, and
 * which delivered copy reaches the listeners, so that a message matching several patterns of the
 * client is dispatched once.
 * <p>
 * The broadcaster sends a receive URL one copy per matching subscription, each with a fresh
 * identifier (lonelypss {@code handle_trusted_notify}; protocol note section 8), and nothing in a
 * copy says which subscription it came from. So the client registers its exact topics under its
 * receive URL and each glob under a URL of its own: the receive URL with the query parameter
 * {@value #GLOB_PARAMETER} set to an id derived from the glob ({@link #globId}), the same in every
 * process and across restarts. A copy then arrives where its subscription points:
 * <ul>
 * <li>at the receive URL (an exact subscription): dispatched to every local subscription whose
 * pattern matches, as a single copy always was;</li>
 * <li>at a glob's URL: dispatched only when no exact pattern of the client names the topic (the
 * exact copy serves every local subscription then) and the glob is the designated one for the
 * topic, the least (by {@link String#compareTo}) of the client's globs that match it; other copies
 * are confirmed to the broadcaster and not dispatched.</li>
 * </ul>
 * This holds against the real broadcaster too, whose SQLite store never matches a glob (protocol
 * note, defect 1): only the exact copy comes, and it reaches the glob listeners that match it.
 */
final class HttpPubSubReceiveRoutes {

	/** The query parameter naming the glob a copy was delivered for. */
	static final String GLOB_PARAMETER = "glob";

	/** Bytes of SHA-256 a glob id keeps (16 characters of URL-safe Base64). */
	private static final int ID_BYTES = 12;

	private HttpPubSubReceiveRoutes() {
	}

	/**
	 * Return the id of a glob in its URL: URL-safe Base64 of the first {@value #ID_BYTES} bytes of the
	 * SHA-256 of its UTF-8 value.
	 * @param pattern the glob pattern
	 * @return the id, 16 characters
	 */
	static String globId(String pattern) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256")
				.digest(HttpPubSubGlob.value(pattern).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, ID_BYTES));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is not available", ex);
		}
	}

	/**
	 * Return the value of the first {@value #GLOB_PARAMETER} parameter of a request's query string,
	 * percent-decoded (UTF-8) when it needs to be.
	 * @param query the raw query string, or {@code null}
	 * @return the value, or {@code null} when there is none (or it cannot be decoded)
	 */
	static @Nullable String globParameter(@Nullable String query) {
		if (query == null) {
			return null;
		}
		int start = 0;
		while (start <= query.length()) {
			int end = query.indexOf('&', start);
			if (end < 0) {
				end = query.length();
			}
			if (query.startsWith(GLOB_PARAMETER, start) && (start + GLOB_PARAMETER.length() == end
					|| query.charAt(start + GLOB_PARAMETER.length()) == '=')) {
				int valueStart = Math.min(start + GLOB_PARAMETER.length() + 1, end);
				return decode(query.substring(valueStart, end));
			}
			start = end + 1;
		}
		return null;
	}

	private static @Nullable String decode(String value) {
		if (value.indexOf('%') < 0 && value.indexOf('+') < 0) {
			return value;
		}
		try {
			return URLDecoder.decode(value, StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/**
	 * Whether a value of the {@value #GLOB_PARAMETER} parameter has the form of a glob id.
	 * @param id the value
	 * @return {@code true} for 16 URL-safe Base64 characters
	 */
	static boolean isGlobId(String id) {
		return id.length() == 16 && id.chars()
			.allMatch((c) -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '_');
	}

	/**
	 * Return the URL the copies for a glob id are delivered to: the receive URL with the
	 * {@value #GLOB_PARAMETER} query parameter, before its {@code #fragment} if any.
	 * @param receiveUrl the client's receive URL
	 * @param id the glob id
	 * @return the URL
	 */
	static String globUrl(String receiveUrl, String id) {
		int hash = receiveUrl.indexOf('#');
		String base = (hash >= 0) ? receiveUrl.substring(0, hash) : receiveUrl;
		String fragment = (hash >= 0) ? receiveUrl.substring(hash) : "";
		return base + ((base.indexOf('?') >= 0) ? '&' : '?') + GLOB_PARAMETER + "=" + id + fragment;
	}

	/**
	 * Return the URL a pattern is registered under.
	 * @param receiveUrl the client's receive URL
	 * @param pattern the pattern
	 * @return the receive URL for an exact topic, the glob's own URL for a glob
	 */
	static String urlFor(String receiveUrl, String pattern) {
		return HttpPubSubGlob.isGlob(pattern) ? globUrl(receiveUrl, globId(pattern)) : receiveUrl;
	}

	/**
	 * Group patterns by the URL they are registered under. The receive URL always comes first, with
	 * its exact patterns (possibly none, so that setting it clears what the broadcaster holds there).
	 * @param receiveUrl the client's receive URL
	 * @param patterns the client's distinct patterns
	 * @return the patterns per URL
	 */
	static Map<String, List<String>> byUrl(String receiveUrl, Collection<String> patterns) {
		Map<String, List<String>> byUrl = new LinkedHashMap<>();
		byUrl.put(receiveUrl, new ArrayList<>());
		for (String pattern : patterns) {
			byUrl.computeIfAbsent(urlFor(receiveUrl, pattern), (url) -> new ArrayList<>()).add(pattern);
		}
		return byUrl;
	}

	/**
	 * Find the glob of the client with the given id.
	 * @param id the id from the URL
	 * @param patterns the client's patterns
	 * @return the glob pattern, or {@code null} when the client holds none with that id
	 */
	static @Nullable String globFor(String id, Collection<String> patterns) {
		for (String pattern : patterns) {
			if (HttpPubSubGlob.isGlob(pattern) && globId(pattern).equals(id)) {
				return pattern;
			}
		}
		return null;
	}

	/**
	 * Whether the copy of a message delivered for a glob is the one to dispatch: no exact pattern of
	 * the client names the topic, and the glob is the least of the client's globs matching it.
	 * @param glob the glob pattern the copy came for
	 * @param topic the message's topic (routing key)
	 * @param patterns the client's patterns
	 * @param matchers compiles a pattern
	 * @return {@code true} to dispatch this copy
	 */
	static boolean isDesignated(String glob, String topic, Collection<String> patterns,
			Function<String, Predicate<String>> matchers) {
		String least = null;
		for (String pattern : patterns) {
			if (!HttpPubSubGlob.isGlob(pattern)) {
				if (HttpPubSubGlob.value(pattern).equals(topic)) {
					return false;
				}
			}
			else if ((least == null || pattern.compareTo(least) < 0) && matchers.apply(pattern).test(topic)) {
				least = pattern;
			}
		}
		return glob.equals(least);
	}

}
