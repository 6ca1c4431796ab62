package dev.pubsub.benchmarks.replay;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --name=value} options after the positional arguments.
 */
final class ReplayOptions {

	private final Map<String, String> values;

	private ReplayOptions(Map<String, String> values) {
		this.values = values;
	}

	static ReplayOptions parse(String[] args, int positional) {
		if (args.length < positional) {
			throw new IllegalArgumentException("expected " + positional + " positional argument(s)");
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (int i = positional; i < args.length; i++) {
			String arg = args[i];
			int equals = arg.indexOf('=');
			if (!arg.startsWith("--") || equals < 0) {
				throw new IllegalArgumentException("Options are --name=value, not '" + arg + "'");
			}
			values.put(arg.substring(2, equals), arg.substring(equals + 1));
		}
		return new ReplayOptions(values);
	}

	String value(String name, String defaultValue) {
		return this.values.getOrDefault(name, defaultValue);
	}

	long longValue(String name, long defaultValue) {
		String value = this.values.get(name);
		return (value != null) ? Long.parseLong(value.replace("_", "")) : defaultValue;
	}

	int intValue(String name, int defaultValue) {
		return Math.toIntExact(longValue(name, defaultValue));
	}

}
