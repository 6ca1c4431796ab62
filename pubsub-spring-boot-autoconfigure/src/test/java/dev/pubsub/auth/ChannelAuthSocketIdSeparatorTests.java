package dev.pubsub.auth;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests that a custom socket-id rule cannot widen what {@link ChannelAuthService} signs: the signed
 * string is {@code socket_id:channel_name[:channel_data]}, so a {@code ':'} in the socket id (anywhere,
 * the first character included) would let one signature stand for another subscription, and a line
 * break would split it. Both are refused before the rule runs, whatever the rule allows.
 */
class ChannelAuthSocketIdSeparatorTests {

	private final ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of("key", "secret"));

	private final ChannelAuthService anything = new ChannelAuthService(this.signer,
			(request) -> ChannelAuthDecision.allow(), JsonMapper.builder().build(), Pattern.compile("(?s).+"),
			ChannelAuthService.DEFAULT_MAX_SOCKET_ID_LENGTH);

	@Test
	void aRuleThatAllowsAnythingStillSignsAnOrdinaryId() {
		ChannelAuthResponse response = this.anything.authenticate("1.2", "private-a", null,
				new MockHttpServletRequest());
		assertThat(this.signer.verify(response.auth(), "1.2", "private-a", null)).isTrue();
	}

	@Test
	void separatorsAndLineBreaksAreRefusedAtAnyPositionWhateverTheRule() {
		for (String socketId : new String[] { ":1.2", "1:2", "1.2:", "\n1.2", "1\n2", "\r1.2", "1\r2" }) {
			assertThatExceptionOfType(ChannelAuthException.class)
				.as("socket id %s", socketId.replace("\n", "\\n").replace("\r", "\\r"))
				.isThrownBy(() -> this.anything.authenticate(socketId, "private-a", null,
						new MockHttpServletRequest()))
				.withMessage("Invalid socket_id")
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST));
		}
	}

	@Test
	void aSignerNeedsCredentials() {
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new ChannelAuthSigner(null))
			.withMessage("credentials must not be null");
	}

}
