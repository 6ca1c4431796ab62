package dev.pubsub.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PublishOptions} and its builder.
 */
class PublishOptionsTests {

	@Test
	void defaultsAreEmpty() {
		PublishOptions defaults = PublishOptions.defaults();
		assertThat(defaults.messageType()).isNull();
		assertThat(defaults.compress()).isFalse();
		assertThat(defaults.messageId()).isNull();
		assertThat(defaults.awaitAck()).isFalse();
		assertThat(defaults.timeout()).isNull();
		assertThat(defaults.extras()).isEmpty();
		assertThat(PublishOptions.builder().build()).isEqualTo(defaults);
	}

	@Test
	void builderSetsEveryField() {
		PublishOptions options = PublishOptions.builder()
			.messageType("chat.text")
			.compress(true)
			.messageId("m-1")
			.awaitAck(true)
			.timeout(Duration.ofSeconds(3))
			.extra("ttl", 60)
			.extra("retain", true)
			.build();
		assertThat(options).isEqualTo(new PublishOptions("chat.text", true, "m-1", true, Duration.ofSeconds(3),
				Map.of("ttl", 60, "retain", true)));
		assertThat(options.extras()).containsOnly(Map.entry("ttl", 60), Map.entry("retain", true));
	}

	@Test
	void extrasAreACopyThatCannotChange() {
		Map<String, Object> extras = new HashMap<>(Map.of("a", 1));
		PublishOptions options = new PublishOptions(null, false, null, false, null, extras);
		extras.put("b", 2);
		assertThat(options.extras()).containsOnlyKeys("a");
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> options.extras().put("c", 3));
	}

	@Test
	void aBuilderCanBeReusedWithoutChangingWhatItBuilt() {
		PublishOptions.Builder builder = PublishOptions.builder().extra("a", 1);
		PublishOptions first = builder.build();
		builder.extra("b", 2);
		assertThat(first.extras()).containsOnlyKeys("a");
		assertThat(builder.build().extras()).containsOnlyKeys("a", "b");
	}

}
