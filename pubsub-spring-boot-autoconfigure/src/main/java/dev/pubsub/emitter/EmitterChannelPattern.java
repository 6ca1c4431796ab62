package dev.pubsub.emitter;

import java.util.function.Predicate;

/**
 * Matches delivered channels the way the Emitter broker's default matcher does, so that a
 * {@code @PubSubListener} pattern receives exactly what its remote subscription receives.
 * <ul>
 * <li>Patterns and channels are split into segments on {@code /} (outer slashes ignored).</li>
 * <li>Matching is by prefix: {@code a/} matches {@code a/}, {@code a/b/} and {@code a/b/c/}.</li>
 * <li>{@code +} matches exactly one segment: {@code sensors/+/temp/} matches
 * {@code sensors/kitchen/temp/} (and, by prefix, {@code sensors/kitchen/temp/raw/}).</li>
 * <li>{@code #} as the last segment matches anything below; {@code #} alone matches every channel
 * (a local catch-all, which subscribes to nothing remotely).</li>
 * </ul>
 */
public final class EmitterChannelPattern implements Predicate<String> {

	private final String[] segments;

	private EmitterChannelPattern(String[] segments) {
		this.segments = segments;
	}

	/**
	 * Compile a pattern, validating it first.
	 * @param pattern the pattern
	 * @return the matcher
	 */
	public static EmitterChannelPattern compile(String pattern) {
		String normalized = EmitterTopics.normalizeChannel(pattern, true);
		String[] segments = normalized.substring(0, normalized.length() - 1).split("/");
		if ("#".equals(segments[segments.length - 1])) {
			String[] prefix = new String[segments.length - 1];
			System.arraycopy(segments, 0, prefix, 0, prefix.length);
			segments = prefix;
		}
		return new EmitterChannelPattern(segments);
	}

	/**
	 * Whether the pattern is the catch-all {@code #}.
	 * @return {@code true} for {@code #}
	 */
	public boolean isCatchAll() {
		return this.segments.length == 0;
	}

	@Override
	public boolean test(String channel) {
		String trimmed = EmitterTopics.trimSlashes(channel);
		String[] key = trimmed.isEmpty() ? new String[0] : trimmed.split("/", -1);
		if (key.length < this.segments.length) {
			return false;
		}
		for (int i = 0; i < this.segments.length; i++) {
			if (!"+".equals(this.segments[i]) && !this.segments[i].equals(key[i])) {
				return false;
			}
		}
		return true;
	}

}
