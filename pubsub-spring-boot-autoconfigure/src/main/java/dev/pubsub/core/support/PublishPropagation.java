package dev.pubsub.core.support;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Hands the trace-propagation fields of the current publish (written by a tracing handler into
 * the {@code pubsub.publish} observation's carrier) to the provider whose publish runs inside it,
 * so a provider whose protocol carries metadata can put them on the wire. The fields are bound to
 * the calling thread only while {@link #runWith} runs the publish; a provider reads them
 * synchronously at the start of its publish, before it hands work to other threads. This type has
 * no Micrometer types, so clients load without Micrometer on the class path.
 */
public final class PublishPropagation {

	private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

	private PublishPropagation() {
	}

	/**
	 * Run a publish with propagation fields bound to the calling thread.
	 * @param <T> the result type
	 * @param fields the fields (read when the provider asks, so a carrier filled later is seen)
	 * @param publish the publish
	 * @return what the publish returned
	 */
	public static <T> T runWith(Map<String, String> fields, Supplier<T> publish) {
		Map<String, String> previous = CURRENT.get();
		CURRENT.set(fields);
		try {
			return publish.get();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

	/**
	 * Return a copy of the propagation fields of the publish running on this thread.
	 * @return the fields, empty outside an observed publish or without a tracer
	 */
	public static Map<String, String> current() {
		Map<String, String> fields = CURRENT.get();
		return (fields != null) ? Map.copyOf(fields) : Map.of();
	}

}
