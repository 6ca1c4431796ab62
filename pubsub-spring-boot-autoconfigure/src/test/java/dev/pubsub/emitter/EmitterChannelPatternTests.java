package dev.pubsub.emitter;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class EmitterChannelPatternTests {

	@Test
	void matchesByPrefixLikeTheBroker() {
		EmitterChannelPattern pattern = EmitterChannelPattern.compile("a/");
		assertThat(pattern.test("a/")).isTrue();
		assertThat(pattern.test("a/b/")).isTrue();
		assertThat(pattern.test("a/b/c/")).isTrue();
		assertThat(pattern.test("ab/")).isFalse();
		assertThat(pattern.test("b/a/")).isFalse();
	}

	@Test
	void plusMatchesExactlyOneSegment() {
		EmitterChannelPattern pattern = EmitterChannelPattern.compile("sensors/+/temp/");
		assertThat(pattern.test("sensors/kitchen/temp/")).isTrue();
		assertThat(pattern.test("sensors/kitchen/temp/raw/")).isTrue();
		assertThat(pattern.test("sensors/temp/")).isFalse();
		assertThat(pattern.test("sensors/a/b/temp/")).isFalse();
	}

	@Test
	void hashMatchesEverythingBelow() {
		assertThat(EmitterChannelPattern.compile("a/#/").test("a/x/y/")).isTrue();
		EmitterChannelPattern all = EmitterChannelPattern.compile("#");
		assertThat(all.isCatchAll()).isTrue();
		assertThat(all.test("anything/")).isTrue();
	}

	@Test
	void rejectsInvalidPatterns() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterChannelPattern.compile("sensors.*"))
			.withMessageContaining("invalid segment");
		assertThatIllegalArgumentException().isThrownBy(() -> EmitterChannelPattern.compile("/"))
			.withMessageContaining("must not be empty");
	}

}
