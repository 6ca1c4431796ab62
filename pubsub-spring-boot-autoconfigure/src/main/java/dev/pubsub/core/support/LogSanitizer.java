package dev.pubsub.core.support;

import org.jspecify.annotations.Nullable;

/**
 * Makes values that came from the network safe to log: control characters (CR, LF, tab, ESC and the
 * rest of C0/C1, plus the Unicode line and paragraph separators) are escaped so a peer cannot forge
 * log lines, and the result is capped in length so a peer cannot flood the log with one value.
 * <p>
 * Use it for everything a peer controls: topic and channel names, method names, close reasons,
 * socket ids, header values, fragments of malformed frames. Never pass secrets, sanitized or not.
 */
public final class LogSanitizer {

	/** The cap used by {@link #sanitize(Object)}. */
	public static final int DEFAULT_MAX_CHARS = 200;

	private LogSanitizer() {
	}

	/**
	 * Sanitize a value with the {@linkplain #DEFAULT_MAX_CHARS default cap}.
	 * @param value the value, may be {@code null}
	 * @return the escaped, capped text ({@code "null"} for {@code null})
	 */
	public static String sanitize(@Nullable Object value) {
		return sanitize(value, DEFAULT_MAX_CHARS);
	}

	/**
	 * Sanitize a value: escape control characters as {@code \n}, {@code \r}, {@code \t} or
	 * {@code \\uXXXX}, and cut it after {@code maxChars} input characters, appending
	 * {@code ...(N chars)} with the original length.
	 * @param value the value, may be {@code null}
	 * @param maxChars how many characters of the value to keep, at least 1
	 * @return the escaped, capped text ({@code "null"} for {@code null})
	 */
	public static String sanitize(@Nullable Object value, int maxChars) {
		if (value == null) {
			return "null";
		}
		String text = (value instanceof byte[] bytes) ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
				: value.toString();
		int limit = Math.min(text.length(), Math.max(1, maxChars));
		StringBuilder out = null;
		for (int i = 0; i < limit; i++) {
			char c = text.charAt(i);
			String escape = escape(c);
			if (escape != null && out == null) {
				out = new StringBuilder(limit + 16).append(text, 0, i);
			}
			if (out != null) {
				if (escape != null) {
					out.append(escape);
				}
				else {
					out.append(c);
				}
			}
		}
		String kept = (out != null) ? out.toString() : text.substring(0, limit);
		return (limit < text.length()) ? kept + "...(" + text.length() + " chars)" : kept;
	}

	private static @Nullable String escape(char c) {
		switch (c) {
			case '\n':
				return "\\n";
			case '\r':
				return "\\r";
			case '\t':
				return "\\t";
			case '\\':
				return null;
			default:
				if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
					return String.format("\\u%04x", (int) c);
				}
				return null;
		}
	}

}
