package dev.pubsub.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.mock.web.MockHttpServletRequest;

import dev.pubsub.auth.AuthenticatedChannelAuthorizer;
import dev.pubsub.auth.ChannelAuthController;
import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthDecision;
import dev.pubsub.auth.ChannelAuthException;
import dev.pubsub.auth.ChannelAuthService;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.auth.ChannelAuthorizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ChannelAuthAutoConfiguration}.
 */
class ChannelAuthAutoConfigurationTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChannelAuthAutoConfiguration.class));

	@Test
	void offByDefault() {
		this.contextRunner.withPropertyValues("pubsub.channel-auth.app-key=k", "pubsub.channel-auth.app-secret=s")
			.run((context) -> assertThat(context).doesNotHaveBean(ChannelAuthController.class));
	}

	@Test
	void enabledWithPropertiesCredentials() {
		this.contextRunner
			.withPropertyValues("pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k",
					"pubsub.channel-auth.app-secret=s")
			.run((context) -> {
				assertThat(context).hasSingleBean(ChannelAuthController.class);
				assertThat(context).getBean(ChannelAuthorizer.class).isInstanceOf(AuthenticatedChannelAuthorizer.class);
				assertThat(context.getBean(ChannelAuthSigner.class).sign("1.1", "private-a", null)).startsWith("k:");
			});
	}

	@Test
	void credentialsBeanWins() {
		this.contextRunner.withPropertyValues("pubsub.channel-auth.enabled=true")
			.withBean(ChannelAuthCredentials.class, () -> ChannelAuthCredentials.of("rotating", "s"))
			.run((context) -> assertThat(context.getBean(ChannelAuthSigner.class).sign("1.1", "private-a", null))
				.startsWith("rotating:"));
	}

	@Test
	void missingSecretFailsNamingTheProperty() {
		this.contextRunner.withPropertyValues("pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.channel-auth.app-secret")
				.hasMessageNotContaining("s3cr"));
	}

	@Test
	void invalidSocketIdPatternFails() {
		this.contextRunner
			.withPropertyValues("pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k",
					"pubsub.channel-auth.app-secret=s", "pubsub.channel-auth.socket-id-pattern=[")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socket-id-pattern"));
	}

	@Test
	void socketIdMaxLengthMustBePositive() {
		this.contextRunner
			.withPropertyValues("pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k",
					"pubsub.channel-auth.app-secret=s", "pubsub.channel-auth.socket-id-max-length=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("socket-id-max-length"));
	}

	@Test
	void customSocketIdPatternKeepsALengthCap() {
		this.contextRunner
			.withPropertyValues("pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k",
					"pubsub.channel-auth.app-secret=s", "pubsub.channel-auth.socket-id-pattern=[a-z]+",
					"pubsub.channel-auth.socket-id-max-length=8")
			.withBean(ChannelAuthorizer.class, () -> (request) -> ChannelAuthDecision.allow())
			.run((context) -> {
				ChannelAuthService service = context.getBean(ChannelAuthService.class);
				MockHttpServletRequest request = new MockHttpServletRequest();
				assertThat(service.authenticate("abcdefgh", "private-a", null, request).auth()).startsWith("k:");
				assertThatExceptionOfType(ChannelAuthException.class)
					.isThrownBy(() -> service.authenticate("abcdefghi", "private-a", null, request))
					.withMessage("Invalid socket_id: longer than 8 characters");
			});
	}

}
