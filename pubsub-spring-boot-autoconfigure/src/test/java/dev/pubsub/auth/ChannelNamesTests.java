package dev.pubsub.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ChannelNames}: Pusher's channel-name rules (1 to 164 characters of
 * {@code [-a-zA-Z0-9_=@,.;]}) and the private/presence prefixes.
 */
class ChannelNamesTests {

	@Test
	void acceptsOneToMaxLengthCharactersOfTheAllowedSet() {
		assertThat(ChannelNames.isValid("a")).isTrue();
		assertThat(ChannelNames.isValid("-azAZ09_=@,.;")).isTrue();
		assertThat(ChannelNames.isValid("c".repeat(ChannelNames.MAX_LENGTH))).isTrue();
		assertThat(ChannelNames.MAX_LENGTH).isEqualTo(164);
	}

	@Test
	void rejectsEmptyTooLongAndOtherCharacters() {
		assertThat(ChannelNames.isValid("")).isFalse();
		assertThat(ChannelNames.isValid("c".repeat(ChannelNames.MAX_LENGTH + 1))).isFalse();
		for (String bad : new String[] { "a b", "a/b", "a:b", "a#b", "é", "a\nb", "a*" }) {
			assertThat(ChannelNames.isValid(bad)).as(bad).isFalse();
		}
	}

	@ParameterizedTest
	@CsvSource({ "private-orders, true, false, true, true", "presence-room, false, true, true, true",
			"private-, true, false, true, false", "presence-, false, true, true, false",
			"private-encrypted-x, true, false, true, true", "public, false, false, false, false",
			"xprivate-a, false, false, false, false", "Private-a, false, false, false, false" })
	void classifiesByPrefix(String name, boolean isPrivate, boolean isPresence, boolean requiresAuth,
			boolean authorisable) {
		assertThat(ChannelNames.isPrivate(name)).isEqualTo(isPrivate);
		assertThat(ChannelNames.isPresence(name)).isEqualTo(isPresence);
		assertThat(ChannelNames.requiresAuth(name)).isEqualTo(requiresAuth);
		assertThat(ChannelNames.isAuthorisable(name)).isEqualTo(authorisable);
	}

}
