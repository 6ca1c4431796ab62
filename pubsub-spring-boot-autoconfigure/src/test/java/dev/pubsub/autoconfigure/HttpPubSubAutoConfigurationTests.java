package dev.pubsub.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.client.RestClient;

import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubClient;
import dev.pubsub.httppubsub.HttpPubSubCredentials;
import dev.pubsub.httppubsub.HttpPubSubCredentialsProvider;
import dev.pubsub.httppubsub.HttpPubSubReceiveController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HttpPubSubAutoConfiguration}.
 */
class HttpPubSubAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(HttpPubSubAutoConfiguration.class));

	@Test
	void registersOneClientPerEntry() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.a.type=httppubsub", "pubsub.clients.a.auto-connect=false",
					"pubsub.clients.b.type=httppubsub", "pubsub.clients.b.auto-connect=false",
					"pubsub.clients.b.httppubsub.callback-base-url=http://10.0.0.5:8080/",
					"pubsub.clients.b.httppubsub.url-fragment=7")
			.run((context) -> {
				assertThat(context).getBeans(HttpPubSubClient.class).containsOnlyKeys("a", "b");
				assertThat(context.getBean("b", HttpPubSubClient.class).receiveUrl())
					.isEqualTo("http://10.0.0.5:8080/pubsub/httppubsub/b/receive#7");
				assertThat(context).doesNotHaveBean(HttpPubSubReceiveController.class);
			});
	}

	@Test
	void receiveEndpointOnlyInServletApplications() {
		new WebApplicationContextRunner().withConfiguration(AutoConfigurations.of(HttpPubSubAutoConfiguration.class))
			.withPropertyValues("pubsub.clients.a.type=httppubsub", "pubsub.clients.a.auto-connect=false")
			.run((context) -> assertThat(context).hasSingleBean(HttpPubSubReceiveController.class));
	}

	@Test
	void backsOffForAUserBeanWithTheClientName() {
		this.contextRunner.withPropertyValues("pubsub.clients.a.type=httppubsub")
			.withBean("a", String.class, () -> "mine")
			.run((context) -> assertThat(context).doesNotHaveBean(DefaultHttpPubSubClient.class));
	}

	@Test
	void backsOffWithoutSpringWeb() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(HttpPubSubClient.class));
	}

	@Test
	void credentialsProviderBeanWins() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.a.type=httppubsub", "pubsub.clients.a.auto-connect=false",
					"pubsub.clients.a.httppubsub.to-broadcaster.type=token",
					"pubsub.clients.a.httppubsub.to-broadcaster.secret=from-properties")
			.withBean(HttpPubSubCredentialsProvider.class,
					() -> (name) -> new HttpPubSubCredentials(HttpPubSubAuth.token("t"), HttpPubSubAuth.none()))
			.run((context) -> assertThat(context).hasSingleBean(HttpPubSubClient.class));
	}

	@Test
	void missingSecretFailsWithAClearMessage() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.a.type=httppubsub", "pubsub.clients.a.auto-connect=false",
					"pubsub.clients.a.httppubsub.to-subscriber.type=hmac")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("pubsub.clients.a.httppubsub")
					.hasMessageContaining("needs a secret");
			});
	}

	@Test
	void shortHmacSecretFailsWithoutEchoingIt() {
		this.contextRunner
			.withPropertyValues("pubsub.clients.a.type=httppubsub", "pubsub.clients.a.auto-connect=false",
					"pubsub.clients.a.httppubsub.to-subscriber.type=hmac",
					"pubsub.clients.a.httppubsub.to-subscriber.secret=c2hvcnRzZWNyZXQ")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.hasMessageContaining("64 bytes")
					.message()
					.doesNotContain("c2hvcnRzZWNyZXQ");
			});
	}

}
