package dev.pubsub.auth;

import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link ChannelAuthService}'s input bounds.
 */
class ChannelAuthServiceTests {

	private final ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of("key", "secret"));

	private final MockHttpServletRequest servletRequest = new MockHttpServletRequest();

	@Test
	void defaultRuleAcceptsTwentyDigitsEachSideAndNoMore() {
		ChannelAuthService service = service(Pattern.compile(
				"[A-Za-z0-9_-]{1,64}|[0-9]{1,20}\\.[0-9]{1,20}"), ChannelAuthService.DEFAULT_MAX_SOCKET_ID_LENGTH);
		String twenty = "12345678901234567890";
		String socketId = twenty + "." + twenty;
		ChannelAuthResponse response = service.authenticate(socketId, "private-a", null, this.servletRequest);
		assertThat(this.signer.verify(response.auth(), socketId, "private-a", null)).isTrue();
		for (String tooLong : new String[] { twenty + "1." + twenty, twenty + "." + twenty + "1" }) {
			assertThatExceptionOfType(ChannelAuthException.class)
				.isThrownBy(() -> service.authenticate(tooLong, "private-a", null, this.servletRequest))
				.withMessage("Invalid socket_id")
				.satisfies((ex) -> assertThat(ex.status()).isEqualTo(HttpStatus.BAD_REQUEST));
		}
	}

	@Test
	void lengthIsCheckedBeforeTheRuleRuns() {
		// A rule with catastrophic backtracking: matching 10,000 'a's against it would not finish
		// for ages, so the test passes only if the length cap refuses the id first.
		ChannelAuthService service = service(Pattern.compile("(a+)+b"), 64);
		String socketId = "a".repeat(10_000);
		assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatExceptionOfType(ChannelAuthException.class)
			.isThrownBy(() -> service.authenticate(socketId, "private-a", null, this.servletRequest))
			.withMessage("Invalid socket_id: longer than 64 characters"));
	}

	@Test
	void idAtTheCapIsAcceptedWithACustomRule() {
		ChannelAuthService service = service(Pattern.compile("[a-z]+"), 10);
		assertThat(service.authenticate("abcdefghij", "private-a", null, this.servletRequest).auth())
			.startsWith("key:");
		assertThatExceptionOfType(ChannelAuthException.class)
			.isThrownBy(() -> service.authenticate("abcdefghijk", "private-a", null, this.servletRequest))
			.withMessage("Invalid socket_id: longer than 10 characters");
	}

	private ChannelAuthService service(Pattern rule, int maxLength) {
		return new ChannelAuthService(this.signer, (request) -> ChannelAuthDecision.allow(),
				JsonMapper.builder().build(), rule, maxLength);
	}

}
