package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Topic patterns with Python {@code fnmatch} rules (what the broadcaster's Python code paths use on
 * Python before 3.13): {@code *} matches any run of characters including {@code /}, {@code ?}
 * matches one character, {@code [abc]} and {@code [a-z]} match one of a set, {@code [!abc]}
 * negates, and an unclosed {@code [} is literal. Matching is on the whole topic, case-sensitive.
 * <p>
 * A listener pattern with none of {@code * ? [} is an exact topic. The prefix {@code exact:} forces
 * an exact subscription to a topic that contains those characters.
 */
public final class HttpPubSubGlob {

	/** Prefix that makes the rest of a pattern an exact topic. */
	public static final String EXACT_PREFIX = "exact:";

	private HttpPubSubGlob() {
	}

	/**
	 * Whether a listener pattern subscribes to a glob rather than an exact topic.
	 * @param pattern the pattern
	 * @return {@code true} for a glob
	 */
	public static boolean isGlob(String pattern) {
		if (pattern.startsWith(EXACT_PREFIX)) {
			return false;
		}
		return pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0 || pattern.indexOf('[') >= 0;
	}

	/**
	 * Return the topic or glob a pattern subscribes to (without the {@code exact:} prefix).
	 * @param pattern the pattern
	 * @return the topic or glob
	 */
	public static String value(String pattern) {
		return pattern.startsWith(EXACT_PREFIX) ? pattern.substring(EXACT_PREFIX.length()) : pattern;
	}

	/**
	 * Validate a listener pattern.
	 * @param pattern the pattern
	 * @throws IllegalArgumentException if it is empty or longer than 65535 UTF-8 bytes
	 */
	public static void validate(String pattern) {
		String value = value(pattern);
		if (value.isEmpty()) {
			throw new IllegalArgumentException("httppubsub pattern must not be empty");
		}
		int length = value.getBytes(StandardCharsets.UTF_8).length;
		if (length > HttpPubSubProtocol.MAX_TOPIC_LENGTH) {
			throw new IllegalArgumentException(
					"httppubsub pattern is " + length + " bytes long; topics and globs are at most 65535 bytes");
		}
	}

	/**
	 * Compile a listener pattern into a topic matcher.
	 * @param pattern the pattern
	 * @return the matcher
	 */
	public static Predicate<String> compile(String pattern) {
		String value = value(pattern);
		if (!isGlob(pattern)) {
			return value::equals;
		}
		Pattern regex = Pattern.compile(translate(value), Pattern.DOTALL);
		return (topic) -> regex.matcher(topic).matches();
	}

	/**
	 * Translate an fnmatch glob into a Java regular expression, as Python's
	 * {@code fnmatch.translate} does.
	 * @param glob the glob
	 * @return the regular expression
	 */
	static String translate(String glob) {
		StringBuilder regex = new StringBuilder();
		int i = 0;
		int n = glob.length();
		while (i < n) {
			char c = glob.charAt(i++);
			if (c == '*') {
				regex.append(".*");
				while (i < n && glob.charAt(i) == '*') {
					i++;
				}
			}
			else if (c == '?') {
				regex.append('.');
			}
			else if (c == '[') {
				int j = i;
				if (j < n && glob.charAt(j) == '!') {
					j++;
				}
				if (j < n && glob.charAt(j) == ']') {
					j++;
				}
				while (j < n && glob.charAt(j) != ']') {
					j++;
				}
				if (j >= n) {
					regex.append("\\[");
				}
				else {
					String set = glob.substring(i, j);
					i = j + 1;
					regex.append(characterClass(set));
				}
			}
			else {
				regex.append(Pattern.quote(String.valueOf(c)));
			}
		}
		return regex.toString();
	}

	private static String characterClass(String set) {
		boolean negate = set.startsWith("!");
		String body = negate ? set.substring(1) : set;
		StringBuilder out = new StringBuilder("[");
		if (negate) {
			out.append('^');
		}
		for (int k = 0; k < body.length(); k++) {
			char ch = body.charAt(k);
			if (ch == '-' && k > 0 && k < body.length() - 1) {
				out.append('-');
			}
			else if (Character.isLetterOrDigit(ch)) {
				out.append(ch);
			}
			else {
				out.append('\\').append(ch);
			}
		}
		return out.append(']').toString();
	}

}
