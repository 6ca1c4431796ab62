package dev.pubsub.emitter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubMessageTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

class EmitterTopicsTests {

	@Test
	void stripsStraySlashesAndAddsTheTrailingOne() {
		assertThat(EmitterTopics.publishTopic("/K/", "/chat", Map.of())).isEqualTo("K/chat/");
		assertThat(EmitterTopics.publishTopic("K", "a/b/", Map.of())).isEqualTo("K/a/b/");
	}

	@Test
	void keepsOptionsInInsertionOrder() {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("ttl", "60");
		options.put("me", "0");
		assertThat(EmitterTopics.publishTopic("K", "chat", options)).isEqualTo("K/chat/?ttl=60&me=0");
	}

	@Test
	void buildsShareGroupTopics() {
		assertThat(EmitterTopics.subscriptionTopic("K", "chat", "sg")).isEqualTo("K/$share/sg/chat/");
		assertThat(EmitterTopics.subscriptionTopic("K", "a/+/", null)).isEqualTo("K/a/+/");
	}

	@Test
	void subscribesToThePrefixForATrailingHash() {
		assertThat(EmitterTopics.subscriptionTopic("K", "a/#", null)).isEqualTo("K/a/");
	}

	@Test
	void rejectsWildcardsWhenPublishing() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterTopics.publishTopic("K", "a/+/", Map.of()))
			.withMessageContaining("wildcards are for subscribing only");
	}

	@Test
	void rejectsBadSegmentsKeysAndOptions() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterTopics.normalizeChannel("a//b", false))
			.withMessageContaining("empty segment");
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterTopics.normalizeChannel("a b", false))
			.withMessageContaining("invalid segment 'a b'");
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterTopics.normalizeChannel("a/#/b", true))
			.withMessageContaining("last segment");
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterTopics.normalizeKey("emitter"))
			.withMessageContaining("reserved");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> EmitterTopics.publishTopic("K", "a", Map.of("ttl", "-1")))
			.withMessageContaining("letters and digits");
	}

	@Test
	void checksThePacketSizeLikeTheBroker() {
		String topic = "K/chat/";
		int payload = 65_536 - 2 - topic.length() - 2;
		assertThatNoException().isThrownBy(() -> EmitterTopics.checkSize(topic, 1, payload, 65_536));
		assertThatExceptionOfType(PubSubMessageTooLargeException.class)
			.isThrownBy(() -> EmitterTopics.checkSize(topic, 1, payload + 1, 65_536))
			.withMessageContaining("65537 bytes exceeds the limit of 65536");
	}

}
