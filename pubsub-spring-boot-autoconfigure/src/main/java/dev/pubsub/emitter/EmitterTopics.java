package dev.pubsub.emitter;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds and checks Emitter topic strings: {@code KEY/CHANNEL/[?opt=val&opt=val]}.
 * <p>
 * As the official SDKs do, outer slashes are stripped from key and channel, the parts are joined
 * with {@code /} and a trailing {@code /} is added; options keep their insertion order.
 */
public final class EmitterTopics {

	/** The reserved key of broker requests. */
	public static final String EMITTER = "emitter";

	/** Prefix of the topics broker requests and responses use. */
	public static final String REQUEST_PREFIX = EMITTER + "/";

	/** The topic the broker reports publish, subscribe and unsubscribe errors on. */
	public static final String ERROR_TOPIC = "emitter/error/";

	/** The largest MQTT remaining length the broker accepts (a larger packet drops the connection). */
	public static final int MAX_PACKET_SIZE = 65_536;

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9\\-.:_$\\[\\\\\\]^`]+");

	private static final Pattern SUBSCRIBE_SEGMENT = Pattern.compile("\\+|#|[A-Za-z0-9\\-.:_$\\[\\\\\\]^`]+");

	private static final Pattern OPTION = Pattern.compile("[A-Za-z0-9]+");

	private EmitterTopics() {
	}

	/**
	 * Strip outer slashes and check every segment of a channel.
	 * @param channel the channel, e.g. {@code chat}, {@code /chat/} or {@code a/b}
	 * @param wildcards whether {@code +} and {@code #} segments are allowed (subscribe only)
	 * @return the channel with one trailing slash, e.g. {@code a/b/}
	 * @throws IllegalArgumentException naming the offending segment
	 */
	public static String normalizeChannel(String channel, boolean wildcards) {
		String trimmed = trimSlashes(channel);
		if (trimmed.isEmpty()) {
			throw new IllegalArgumentException("Emitter channel must not be empty");
		}
		String[] segments = trimmed.split("/", -1);
		if (segments.length > 23) {
			throw new IllegalArgumentException("Emitter channel '" + channel + "' has more than 23 segments");
		}
		for (int i = 0; i < segments.length; i++) {
			String segment = segments[i];
			if (segment.isEmpty()) {
				throw new IllegalArgumentException("Emitter channel '" + channel + "' has an empty segment");
			}
			boolean valid = (wildcards ? SUBSCRIBE_SEGMENT : SEGMENT).matcher(segment).matches();
			if (!valid) {
				throw new IllegalArgumentException("Emitter channel '" + channel + "' has an invalid segment '"
						+ segment + "'" + (wildcards ? "" : " (wildcards are for subscribing only)")
						+ "; allowed: letters, digits and - . : _ $ [ \\ ] ^ `");
			}
			if ("#".equals(segment) && i != segments.length - 1) {
				throw new IllegalArgumentException(
						"Emitter channel '" + channel + "': '#' may only be the last segment");
			}
		}
		return trimmed + "/";
	}

	/**
	 * Strip outer slashes of a key and check it.
	 * @param key the key
	 * @return the key
	 */
	public static String normalizeKey(String key) {
		String trimmed = trimSlashes(key);
		if (trimmed.isEmpty() || trimmed.contains("/")) {
			throw new IllegalArgumentException("Emitter key must be non-empty and must not contain '/'");
		}
		if (EMITTER.equals(trimmed)) {
			throw new IllegalArgumentException("'emitter' is a reserved key");
		}
		return trimmed;
	}

	/**
	 * Build a publish topic.
	 * @param key the channel key
	 * @param channel the channel (no wildcards)
	 * @param options the options ({@code ttl}, {@code me}), in order
	 * @return the topic, e.g. {@code K/chat/?ttl=60&me=0}
	 */
	public static String publishTopic(String key, String channel, Map<String, String> options) {
		return withOptions(normalizeKey(key) + "/" + normalizeChannel(channel, false), options);
	}

	/**
	 * Build a subscribe topic without options (also the unsubscribe topic).
	 * @param key the channel key
	 * @param channel the channel, wildcards allowed
	 * @param shareGroup the share group, or {@code null}
	 * @return the topic, e.g. {@code K/chat/} or {@code K/$share/g/chat/}
	 */
	public static String subscriptionTopic(String key, String channel, @org.jspecify.annotations.Nullable String shareGroup) {
		String group = "";
		if (shareGroup != null) {
			if (!OPTION.matcher(shareGroup).matches()) {
				throw new IllegalArgumentException("Emitter share group must be letters and digits");
			}
			group = "$share/" + shareGroup + "/";
		}
		return normalizeKey(key) + "/" + group + remoteChannel(normalizeChannel(channel, true));
	}

	/**
	 * Append options to a topic.
	 * @param topic the topic
	 * @param options the options
	 * @return the topic with {@code ?k=v&k=v}, or unchanged when there are none
	 */
	public static String withOptions(String topic, Map<String, String> options) {
		if (options.isEmpty()) {
			return topic;
		}
		StringBuilder builder = new StringBuilder(topic);
		char separator = '?';
		for (Map.Entry<String, String> option : options.entrySet()) {
			if (!OPTION.matcher(option.getKey()).matches() || !OPTION.matcher(option.getValue()).matches()) {
				throw new IllegalArgumentException("Emitter option names and values must be letters and digits");
			}
			builder.append(separator).append(option.getKey()).append('=').append(option.getValue());
			separator = '&';
		}
		return builder.toString();
	}

	/**
	 * Check the size of the PUBLISH packet the broker would receive.
	 * @param topic the topic
	 * @param qos the QoS
	 * @param payloadLength the payload length
	 * @param limit the limit of the remaining length
	 * @throws dev.pubsub.core.PubSubMessageTooLargeException if the packet is too large
	 */
	public static void checkSize(String topic, int qos, int payloadLength, int limit) {
		long size = 2L + topic.getBytes(StandardCharsets.UTF_8).length + ((qos > 0) ? 2 : 0) + payloadLength;
		if (size > limit) {
			throw new dev.pubsub.core.PubSubMessageTooLargeException(size, limit);
		}
	}

	/**
	 * Return the channel to subscribe remotely for a normalised channel: with the broker's default
	 * (prefix) matcher a trailing {@code #} adds nothing, so {@code a/#/} becomes {@code a/}.
	 * @param channel the normalised channel
	 * @return the remote channel
	 */
	static String remoteChannel(String channel) {
		if (channel.endsWith("/#/")) {
			return channel.substring(0, channel.length() - 2);
		}
		return channel;
	}

	static String trimSlashes(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && value.charAt(start) == '/') {
			start++;
		}
		while (end > start && value.charAt(end - 1) == '/') {
			end--;
		}
		return value.substring(start, end);
	}

}
