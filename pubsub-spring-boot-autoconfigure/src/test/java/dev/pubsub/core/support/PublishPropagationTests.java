package dev.pubsub.core.support;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.AwaitLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The propagation fields of a publish are visible to the provider only on the publishing thread and
 * only while the publish starts.
 */
class PublishPropagationTests {

	@Test
	void fieldsAreVisibleWhileThePublishRunsAndNotAfter() {
		assertThat(PublishPropagation.current()).isEmpty();
		Map<String, String> carrier = new HashMap<>();
		carrier.put("traceparent", "00-a-b-01");
		Map<String, String> seen = PublishPropagation.runWith(carrier, PublishPropagation::current);
		assertThat(seen).containsExactly(Map.entry("traceparent", "00-a-b-01"));
		assertThat(PublishPropagation.current()).isEmpty();
	}

	@Test
	void theProviderGetsACopyAndOtherThreadsSeeNothing() throws Exception {
		Map<String, String> carrier = new HashMap<>(Map.of("b3", "x"));
		Map<String, String> onOtherThread = PublishPropagation.runWith(carrier, () -> {
			Map<String, String> copy = PublishPropagation.current();
			carrier.put("late", "y");
			assertThat(copy).doesNotContainKey("late");
			return AwaitLimit.join(CompletableFuture.supplyAsync(PublishPropagation::current));
		});
		assertThat(onOtherThread).isEmpty();
	}

	@Test
	void aNestedPublishRestoresTheOuterFieldsAndAFailureClearsThem() {
		Map<String, String> inner = PublishPropagation.runWith(Map.of("f", "outer"),
				() -> PublishPropagation.runWith(Map.of("f", "inner"), PublishPropagation::current));
		assertThat(inner).containsEntry("f", "inner");
		String outerAfter = PublishPropagation.runWith(Map.of("f", "outer"), () -> {
			PublishPropagation.runWith(Map.of("f", "inner"), () -> null);
			return PublishPropagation.current().get("f");
		});
		assertThat(outerAfter).isEqualTo("outer");
		assertThatIllegalStateException().isThrownBy(() -> PublishPropagation.runWith(Map.of("f", "v"), () -> {
			throw new IllegalStateException("publish failed");
		}));
		assertThat(PublishPropagation.current()).isEmpty();
	}

}
