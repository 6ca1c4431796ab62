package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The content of the {@code tracing} field: propagation fields as a JSON object of strings, read
 * leniently and within bounds.
 */
class HttpPubSubTracingTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

	@Test
	void noFieldsIsAnEmptyField() {
		assertThat(HttpPubSubTracing.encode(JSON, Map.of())).isEmpty();
		assertThat(HttpPubSubTracing.decode(JSON, new byte[0])).isEmpty();
	}

	@Test
	void fieldsAreAJsonObjectAndRoundTrip() {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("traceparent", TRACEPARENT);
		fields.put("tracestate", "congo=t61rcWkgMzE");
		byte[] encoded = HttpPubSubTracing.encode(JSON, fields);
		assertThat(new String(encoded, StandardCharsets.UTF_8))
			.isEqualTo("{\"traceparent\":\"" + TRACEPARENT + "\",\"tracestate\":\"congo=t61rcWkgMzE\"}");
		assertThat(HttpPubSubTracing.decode(JSON, encoded)).isEqualTo(fields);
	}

	@Test
	void anythingElseYieldsNoFields() {
		// lonelypss's own traces in a reply: a truncation flag, then binary
		assertThat(HttpPubSubTracing.decode(JSON, new byte[] { 0, 0, 1, 0, 5 })).isEmpty();
		assertThat(HttpPubSubTracing.decode(JSON, utf8("{not json"))).isEmpty();
		assertThat(HttpPubSubTracing.decode(JSON, utf8("[\"traceparent\"]"))).isEmpty();
		assertThat(HttpPubSubTracing.decode(JSON, utf8("{\"traceparent\":1,\"b3\":{\"x\":\"y\"},\"ok\":\"v\"}")))
			.containsExactly(Map.entry("ok", "v"));
	}

	@Test
	void readingIsBounded() {
		StringBuilder many = new StringBuilder("{");
		for (int i = 0; i < 100; i++) {
			many.append((i > 0) ? "," : "").append("\"f").append(i).append("\":\"v\"");
		}
		many.append('}');
		assertThat(HttpPubSubTracing.decode(JSON, utf8(many.toString()))).hasSize(HttpPubSubTracing.MAX_FIELDS);
		String longValue = "x".repeat(HttpPubSubTracing.MAX_FIELD_LENGTH + 1);
		assertThat(HttpPubSubTracing.decode(JSON, utf8("{\"long\":\"" + longValue + "\",\"short\":\"s\"}")))
			.containsExactly(Map.entry("short", "s"));
	}

	@Test
	void fieldsThatDoNotFitTheU16LengthAreLeftOut() {
		assertThat(HttpPubSubTracing.encode(JSON, Map.of("baggage", "x".repeat(70_000)))).isEmpty();
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
