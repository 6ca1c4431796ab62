package dev.pubsub.core;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link SubscribeOptions}.
 */
class SubscribeOptionsTests {

	@Test
	void defaultsHaveTheDocumentedValues() {
		SubscribeOptions defaults = SubscribeOptions.defaults();
		assertThat(defaults.concurrency()).isEqualTo(1);
		assertThat(defaults.queueCapacity()).isEqualTo(10_000);
		assertThat(defaults.overflowPolicy()).isEqualTo(OverflowPolicy.BLOCK);
		assertThat(defaults.remoteSubscribe()).isTrue();
		assertThat(defaults.extras()).isEmpty();
		assertThat(defaults.shutdownTimeout()).isEqualTo(SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT)
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void acceptsTheSmallestValidSettings() {
		SubscribeOptions options = new SubscribeOptions(1, 1, OverflowPolicy.BLOCK, false, Map.of(), Duration.ZERO);
		assertThat(options.concurrency()).isEqualTo(1);
		assertThat(options.queueCapacity()).isEqualTo(1);
		assertThat(options.shutdownTimeout()).isZero();
	}

	@Test
	void rejectsSettingsJustOutsideTheirRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeOptions(0, 1, OverflowPolicy.BLOCK, true, Map.of()))
			.withMessageContaining("concurrency");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeOptions(1, 0, OverflowPolicy.BLOCK, true, Map.of()))
			.withMessageContaining("queueCapacity");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeOptions(1, 1, null, true, Map.of()))
			.withMessageContaining("overflowPolicy");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeOptions(1, 1, OverflowPolicy.BLOCK, true, Map.of(), Duration.ofMillis(-1)))
			.withMessageContaining("shutdownTimeout");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SubscribeOptions(1, 1, OverflowPolicy.BLOCK, true, Map.of(), null))
			.withMessageContaining("shutdownTimeout");
	}

	@Test
	void withersChangeOnlyTheirOwnSetting() {
		SubscribeOptions base = new SubscribeOptions(2, 50, OverflowPolicy.DROP_OLDEST, false, Map.of("k", "v"),
				Duration.ofSeconds(4));
		assertThat(base.withConcurrency(3)).isEqualTo(
				new SubscribeOptions(3, 50, OverflowPolicy.DROP_OLDEST, false, Map.of("k", "v"), Duration.ofSeconds(4)));
		assertThat(base.withExtras(Map.of("x", 1))).isEqualTo(
				new SubscribeOptions(2, 50, OverflowPolicy.DROP_OLDEST, false, Map.of("x", 1), Duration.ofSeconds(4)));
		assertThat(base.withShutdownTimeout(Duration.ofSeconds(9))).isEqualTo(
				new SubscribeOptions(2, 50, OverflowPolicy.DROP_OLDEST, false, Map.of("k", "v"), Duration.ofSeconds(9)));
	}

	@Test
	void extrasAreCopied() {
		Map<String, Object> extras = new HashMap<>(Map.of("a", 1));
		SubscribeOptions options = SubscribeOptions.defaults().withExtras(extras);
		extras.put("b", 2);
		assertThat(options.extras()).containsOnlyKeys("a");
	}

}
