package dev.pubsub.core;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TopicPattern}, with the Realtime protocol note's test vectors (section 12).
 */
class TopicPatternTests {

	@ParameterizedTest
	@CsvSource({ "chat.*, chat.text-message, true", "*.text-message, chat.text-message, true",
			"**, chat.text-message, true", "chat.**, chat.text-message, true", "chat.*.*, chat.text-message, false",
			"chat, chat.text-message, false", "test.**, test.topic.update, true", "*.*.update, test.topic.update, true",
			"test.*, test.topic.update, false", "*.update, test.topic.update, false", "a.**, a, true",
			"**.update, test.topic.update, true", "a.**.z, a.z, true", "a.**.z, a.b.c.z, true", "a.**.z, a.b.c, false",
			"a*, ab, false", "a*, a*, true", "topic1.action1, topic1.action1, true", "topic1.action1, topic1.action2, false",
			"a.**.**, a, true", "**.**, '', true", "a.*.**, a, false",
			// empty segments, segments that are prefixes of each other, wildcards between literals
			"a.*.c, a..c, true", "*, '', true", "*.*, a., true", "*.*, a, false", "a.*, a., true", "ab.*, a.b, false",
			"a.*, ab.c, false", "a.*.c, a.b.cd, false", "a.**.c.d, a.c.x.c.d, true", "a.**.c, a.c.d, false",
			"**.b.*, x.y.b.z, true", "**.b.*, b, false" })
	void matchesLikeTheSeedEventEmitter(String pattern, String routingKey, boolean expected) {
		assertThat(TopicPattern.compile(pattern, '.').matches(routingKey)).isEqualTo(expected);
	}

	@ParameterizedTest
	@CsvSource({ "chat.text, true", "chat.*, false", "**, false", "a.b*, true" })
	void knowsLiteralPatterns(String pattern, boolean literal) {
		assertThat(TopicPattern.compile(pattern, '.').isLiteral()).isEqualTo(literal);
	}

}
