package dev.pubsub.test.emitter;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The topic grammar of the embedded broker: parses {@code key/[$share/group/]channel/[?options]}
 * like the real Emitter broker, and matches a subscription's channel (a prefix, with {@code +}
 * segments) against a published channel.
 */
final class BrokerTopics {

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9\\-.:_$\\[\\\\\\]^`]+|\\+|#");

	private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9]+");

	private BrokerTopics() {
	}

	/**
	 * Whether a subscription's channel matches a published channel.
	 * @param filter the subscription's channel
	 * @param channel the published channel
	 * @return {@code true} if it matches
	 */
	static boolean matches(String filter, String channel) {
		String[] filterParts = filter.split("/");
		String[] parts = channel.split("/");
		if (parts.length < filterParts.length) {
			return false;
		}
		for (int i = 0; i < filterParts.length; i++) {
			if (!"+".equals(filterParts[i]) && !filterParts[i].equals(parts[i])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Parse a topic.
	 * @param topic the topic
	 * @return its parts, or {@code null} if it is not a valid Emitter topic
	 */
	static @Nullable Parsed parse(String topic) {
		int slash = topic.indexOf('/');
		if (slash <= 0) {
			return null;
		}
		String key = topic.substring(0, slash);
		String rest = topic.substring(slash + 1);
		Map<String, String> options = new LinkedHashMap<>();
		int query = rest.indexOf('?');
		if (query >= 0) {
			for (String pair : rest.substring(query + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals <= 0 || !OPTION.matcher(pair.substring(0, equals)).matches()
						|| !OPTION.matcher(pair.substring(equals + 1)).matches()) {
					return null;
				}
				options.put(pair.substring(0, equals), pair.substring(equals + 1));
			}
			rest = rest.substring(0, query);
		}
		String group = null;
		if (rest.startsWith("$share/")) {
			int end = rest.indexOf('/', 7);
			if (end < 0) {
				return null;
			}
			group = rest.substring(7, end);
			rest = rest.substring(end + 1);
		}
		if (rest.isEmpty() || !rest.endsWith("/")) {
			return null;
		}
		boolean wildcard = false;
		String[] segments = rest.substring(0, rest.length() - 1).split("/", -1);
		if (segments.length > 23) {
			return null;
		}
		for (String segment : segments) {
			if (!SEGMENT.matcher(segment).matches()) {
				return null;
			}
			wildcard |= "+".equals(segment) || "#".equals(segment);
		}
		return new Parsed(key, rest, options, group, wildcard);
	}

	/**
	 * A parsed topic.
	 *
	 * @param key the channel key
	 * @param channel the channel, ending with {@code /}
	 * @param options the query options
	 * @param group the share group, or {@code null}
	 * @param wildcard whether the channel has a {@code +} or {@code #} segment
	 */
	record Parsed(String key, String channel, Map<String, String> options, @Nullable String group, boolean wildcard) {
	}

}
