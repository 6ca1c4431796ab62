package dev.pubsub.realtime;

import java.util.Optional;

import dev.pubsub.core.TopicPattern;

/**
 * Rules that connect routing-key patterns to remote topics.
 */
final class RealtimeTopics {

	static final char SEPARATOR = '.';

	private RealtimeTopics() {
	}

	/**
	 * The remote topic a listener pattern needs: the part before the last segment, when that part is
	 * literal, is not empty and is not one the gateway delivers without a subscribe ({@code main},
	 * {@code priv/...}).
	 * @param pattern the routing-key pattern
	 * @return the topic, if the pattern names one
	 */
	static Optional<String> remoteTopicOf(String pattern) {
		int lastDot = pattern.lastIndexOf(SEPARATOR);
		if (lastDot <= 0) {
			return Optional.empty();
		}
		String topic = pattern.substring(0, lastDot);
		if (!TopicPattern.compile(topic, SEPARATOR).isLiteral() || isImplicit(topic)) {
			return Optional.empty();
		}
		return Optional.of(topic);
	}

	/**
	 * Whether the gateway delivers a topic without a subscribe.
	 * @param topic the topic
	 * @return {@code true} for {@code main} and {@code priv/...}
	 */
	static boolean isImplicit(String topic) {
		return "main".equals(topic) || topic.startsWith("priv/");
	}

	/**
	 * Refuse a pattern with an empty segment.
	 * @param pattern the routing-key pattern
	 * @throws IllegalArgumentException when a segment is empty
	 */
	static void checkSegments(String pattern) {
		for (String segment : TopicPattern.compile(pattern, SEPARATOR).segments()) {
			if (segment.isEmpty()) {
				throw new IllegalArgumentException("pattern '" + pattern + "' has an empty segment; Realtime "
						+ "routing keys are <topic>.<messageType> and patterns use '*' and '**' as whole segments");
			}
		}
	}

}
