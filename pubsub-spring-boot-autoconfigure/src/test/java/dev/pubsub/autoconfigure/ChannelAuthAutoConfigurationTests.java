package dev.pubsub.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import dev.pubsub.auth.AuthenticatedChannelAuthorizer;
import dev.pubsub.auth.ChannelAuthController;
import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.auth.ChannelAuthorizer;

import static org.assertj.core.api.Assertions.assertThat;

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
	void notInNonWebApplications() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ChannelAuthAutoConfiguration.class))
			.withPropertyValues("pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k",
					"pubsub.channel-auth.app-secret=s")
			.run((context) -> assertThat(context).doesNotHaveBean(ChannelAuthController.class));
	}

}
