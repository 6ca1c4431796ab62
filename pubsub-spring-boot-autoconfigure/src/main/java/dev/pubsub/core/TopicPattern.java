package dev.pubsub.core;

import java.util.Arrays;

/**
 * A compiled routing-key pattern made of segments split on a separator: {@code *} matches exactly
 * one segment, {@code **} matches zero or more segments at any position, any other segment must be
 * equal. Wildcards count only as whole segments ({@code a*} is a literal).
 * <p>
 * With separator {@code .} this is the Realtime seed's event matching: {@code chat.*} matches
 * {@code chat.text-message}, {@code test.**} matches {@code test.topic.update}, {@code a.**}
 * matches {@code a}.
 */
public final class TopicPattern {

	private static final String ONE = "*";

	private static final String ANY = "**";

	private final String pattern;

	private final String[] segments;

	private final char separator;

	private final boolean literal;

	private TopicPattern(String pattern, char separator) {
		this.pattern = pattern;
		this.separator = separator;
		this.segments = split(pattern, separator);
		this.literal = Arrays.stream(this.segments).noneMatch((s) -> ONE.equals(s) || ANY.equals(s));
	}

	/**
	 * Compile a pattern.
	 * @param pattern the pattern
	 * @param separator the segment separator
	 * @return the compiled pattern
	 */
	public static TopicPattern compile(String pattern, char separator) {
		return new TopicPattern(pattern, separator);
	}

	/**
	 * Return the source pattern.
	 * @return the pattern
	 */
	public String pattern() {
		return this.pattern;
	}

	/**
	 * Whether the pattern has no wildcard segment.
	 * @return {@code true} for a literal pattern
	 */
	public boolean isLiteral() {
		return this.literal;
	}

	/**
	 * Return the segments of the pattern.
	 * @return a copy of the segments
	 */
	public String[] segments() {
		return this.segments.clone();
	}

	/**
	 * Whether a routing key matches.
	 * @param routingKey the key
	 * @return {@code true} on a match
	 */
	public boolean matches(String routingKey) {
		if (this.literal) {
			return this.pattern.equals(routingKey);
		}
		return matches(0, routingKey, 0);
	}

	private static String[] split(String value, char separator) {
		int count = 1;
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) == separator) {
				count++;
			}
		}
		String[] parts = new String[count];
		int start = 0;
		int index = 0;
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) == separator) {
				parts[index++] = value.substring(start, i);
				start = i + 1;
			}
		}
		parts[index] = value.substring(start);
		return parts;
	}

	/**
	 * Match pattern segments from {@code p} against the key's segments from offset {@code k}, in place
	 * (no split, nothing allocated per message); {@code k == key.length() + 1} means every key segment
	 * was consumed.
	 */
	private boolean matches(int p, String key, int k) {
		int consumed = key.length() + 1;
		while (p < this.segments.length) {
			String segment = this.segments[p];
			if (ANY.equals(segment)) {
				if (p == this.segments.length - 1) {
					return true;
				}
				for (int skip = k;; skip = nextSegment(key, skip)) {
					if (matches(p + 1, key, skip)) {
						return true;
					}
					if (skip >= consumed) {
						return false;
					}
				}
			}
			if (k >= consumed) {
				return false;
			}
			int next = nextSegment(key, k);
			int length = next - 1 - k;
			if (!ONE.equals(segment)
					&& (segment.length() != length || !key.regionMatches(k, segment, 0, length))) {
				return false;
			}
			p++;
			k = next;
		}
		return k >= consumed;
	}

	/**
	 * Return the offset of the segment after the one starting at {@code k}, or {@code key.length() + 1}
	 * after the last.
	 */
	private int nextSegment(String key, int k) {
		int separatorAt = key.indexOf(this.separator, k);
		return (separatorAt < 0) ? key.length() + 1 : separatorAt + 1;
	}

	@Override
	public String toString() {
		return this.pattern;
	}

}
