package dev.pubsub.emitter;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PublishOptions;

/**
 * Reads the Emitter options that calls through the generic {@code PubSubClient} API carry as extras
 * ({@link EmitterClient#KEY_EXTRA} and the others), and finds the channel key of a channel: the
 * {@code key} extra, else the configured channel key with the longest matching channel prefix.
 */
final class EmitterExtras {

	private final Map<String, String> channelKeys;

	/**
	 * Create an instance.
	 * @param channelKeys the configured channel keys by channel prefix
	 */
	EmitterExtras(Map<String, String> channelKeys) {
		this.channelKeys = channelKeys;
	}

	/**
	 * Return the channel key for a channel or pattern.
	 * @param pattern the channel or pattern
	 * @param extras the call's extras
	 * @return the key, or {@code null} if neither the extras nor the configuration name one
	 */
	@Nullable String keyFor(String pattern, Map<String, Object> extras) {
		Object key = extras.get(EmitterClient.KEY_EXTRA);
		if (key != null) {
			return key.toString();
		}
		String[] segments = EmitterTopics.trimSlashes(pattern).split("/");
		String best = null;
		int bestLength = -1;
		for (Map.Entry<String, String> entry : this.channelKeys.entrySet()) {
			String prefix = EmitterTopics.trimSlashes(entry.getKey());
			String[] prefixSegments = prefix.isEmpty() ? new String[0] : prefix.split("/");
			if (prefixSegments.length > segments.length || prefixSegments.length <= bestLength) {
				continue;
			}
			boolean matches = true;
			for (int i = 0; i < prefixSegments.length; i++) {
				if (!prefixSegments[i].equals(segments[i])) {
					matches = false;
					break;
				}
			}
			if (matches) {
				best = entry.getValue();
				bestLength = prefixSegments.length;
			}
		}
		return best;
	}

	/**
	 * Return the share group a subscription's extras name.
	 * @param extras the subscription's extras
	 * @return the group, or {@code null} for none
	 */
	static @Nullable String group(Map<String, Object> extras) {
		Object group = extras.get(EmitterClient.GROUP_EXTRA);
		return (group != null) ? group.toString() : null;
	}

	/**
	 * Return the Emitter options of a generic publish.
	 * @param options the publish options with their extras
	 * @return the Emitter options
	 */
	static EmitterPublishOptions publishOptions(PublishOptions options) {
		Map<String, Object> extras = options.extras();
		return new EmitterPublishOptions(intExtra(extras, EmitterClient.TTL_EXTRA, 0),
				Boolean.FALSE.equals(booleanExtra(extras, EmitterClient.ME_EXTRA)),
				Boolean.TRUE.equals(booleanExtra(extras, EmitterClient.RETAIN_EXTRA)),
				options.awaitAck() ? 1 : intExtra(extras, EmitterClient.QOS_EXTRA, 0));
	}

	/**
	 * Return a number extra.
	 * @param extras the extras
	 * @param name the extra's name
	 * @param defaultValue the value when it is absent
	 * @return the value
	 * @throws IllegalArgumentException if it is not a number
	 */
	static int intExtra(Map<String, Object> extras, String name, int defaultValue) {
		Object value = extras.get(name);
		if (value == null) {
			return defaultValue;
		}
		if (value instanceof Number number) {
			return number.intValue();
		}
		try {
			return Integer.parseInt(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("Emitter option '" + name + "' must be a number, not '" + value + "'");
		}
	}

	private static @Nullable Boolean booleanExtra(Map<String, Object> extras, String name) {
		Object value = extras.get(name);
		if (value == null) {
			return null;
		}
		return (value instanceof Boolean bool) ? bool : Boolean.valueOf(value.toString().trim());
	}

}
