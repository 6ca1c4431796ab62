package dev.pubsub.core;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PubSubHeaders}.
 */
class PubSubHeadersTests {

	@Test
	void keepsNonNullValuesInOrderAndDropsNulls() {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put(PubSubHeaders.TOPIC, "chat");
		source.put(PubSubHeaders.SENDER, null);
		source.put(PubSubHeaders.MESSAGE_ID, "m-1");
		PubSubHeaders headers = PubSubHeaders.of(source);
		assertThat(headers.asMap()).containsExactly(Map.entry("pubsub_topic", "chat"),
				Map.entry("pubsub_messageId", "m-1"));
		assertThat(headers.get(PubSubHeaders.TOPIC)).isEqualTo("chat");
		assertThat(headers.get(PubSubHeaders.SENDER)).isNull();
		assertThat(headers).hasToString("[pubsub_topic, pubsub_messageId]");
	}

	@Test
	void isACopyThatCannotChange() {
		Map<String, Object> source = new HashMap<>(Map.of("a", 1));
		PubSubHeaders headers = PubSubHeaders.of(source);
		source.put("b", 2);
		assertThat(headers.asMap()).containsOnlyKeys("a");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> headers.asMap().put("c", 3));
	}

	@Test
	void emptyHasNothing() {
		assertThat(PubSubHeaders.empty().asMap()).isEmpty();
		assertThat(PubSubHeaders.empty().get(PubSubHeaders.CLIENT)).isNull();
	}

	@Test
	void namesShareThePrefix() {
		assertThat(new String[] { PubSubHeaders.CLIENT, PubSubHeaders.TOPIC, PubSubHeaders.MESSAGE_TYPE,
				PubSubHeaders.ROUTING_KEY, PubSubHeaders.MESSAGE_ID, PubSubHeaders.COMPRESSED, PubSubHeaders.RECEIVED_AT,
				PubSubHeaders.SENDER })
			.allMatch((name) -> name.startsWith(PubSubHeaders.PREFIX))
			.doesNotHaveDuplicates();
	}

}
