package dev.pubsub.httppubsub;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The content of the protocol's opaque {@code tracing} field as this client uses it: the
 * trace-propagation fields of the publish (whatever the tracer's propagator writes, e.g. W3C
 * {@code traceparent} and {@code tracestate}) as a UTF-8 JSON object of strings, for example
 * {@code {"traceparent":"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}}. No fields
 * means an empty field, as before.
 * <p>
 * Reading is lenient: the field is opaque to the protocol, and lonelypss fills it with its own
 * binary traces in some replies, so anything that is not such an object (or exceeds the bounds
 * below) yields no fields and never fails the message.
 */
final class HttpPubSubTracing {

	private static final Log logger = LogFactory.getLog(HttpPubSubTracing.class);

	/** At most this many fields are read from one message. */
	static final int MAX_FIELDS = 32;

	/** Names and values longer than this (in characters) are left out. */
	static final int MAX_FIELD_LENGTH = 8192;

	private static final byte[] EMPTY = new byte[0];

	private HttpPubSubTracing() {
	}

	/**
	 * Encode propagation fields for the {@code tracing} field.
	 * @param jsonMapper the mapper
	 * @param fields the fields
	 * @return the bytes, empty for no fields or when they would not fit the field's u16 length
	 */
	static byte[] encode(JsonMapper jsonMapper, Map<String, String> fields) {
		if (fields.isEmpty()) {
			return EMPTY;
		}
		byte[] json = jsonMapper.writeValueAsBytes(fields);
		if (json.length > 0xFFFF) {
			logger.debug("Trace-propagation fields of " + json.length + " bytes do not fit the tracing field; "
					+ "sent without them");
			return EMPTY;
		}
		return json;
	}

	/**
	 * Decode the {@code tracing} field of a received message.
	 * @param jsonMapper the mapper
	 * @param tracing the field's bytes
	 * @return the fields, empty when there are none or the field is not such a JSON object
	 */
	static Map<String, String> decode(JsonMapper jsonMapper, byte[] tracing) {
		if (tracing.length < 2 || tracing[0] != '{') {
			return Map.of();
		}
		JsonNode tree;
		try {
			tree = jsonMapper.readTree(tracing);
		}
		catch (JacksonException ex) {
			logger.debug("Ignoring a tracing field that is not JSON (" + tracing.length + " bytes)");
			return Map.of();
		}
		if (tree == null || !tree.isObject()) {
			return Map.of();
		}
		Map<String, String> fields = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> entry : tree.properties()) {
			if (fields.size() == MAX_FIELDS) {
				break;
			}
			JsonNode value = entry.getValue();
			if (value.isString() && entry.getKey().length() <= MAX_FIELD_LENGTH
					&& value.asString().length() <= MAX_FIELD_LENGTH) {
				fields.put(entry.getKey(), value.asString());
			}
		}
		return Map.copyOf(fields);
	}

}
