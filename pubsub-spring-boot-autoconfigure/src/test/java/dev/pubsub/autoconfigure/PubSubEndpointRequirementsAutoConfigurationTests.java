package dev.pubsub.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.DispatcherServlet;

import dev.pubsub.auth.ChannelAuthController;
import dev.pubsub.wsrpc.server.WsRpcEndpointHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubEndpointRequirementsAutoConfiguration}: an endpoint that a property turns
 * on but the application cannot host fails startup with a message naming the dependency, instead
 * of being silently absent.
 */
class PubSubEndpointRequirementsAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations.of(
			PubSubEndpointRequirementsAutoConfiguration.class, ChannelAuthAutoConfiguration.class,
			WsRpcServerAutoConfiguration.class);

	private static final String[] CHANNEL_AUTH = { "pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=k",
			"pubsub.channel-auth.app-secret=s" };

	@Test
	void channelAuthInANonWebApplicationFailsStartupNamingSpringMvc() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(CHANNEL_AUTH)
			.run((context) -> assertFailure(context.getStartupFailure(), "pubsub.channel-auth.enabled=true",
					"the channel auth endpoint"));
	}

	@Test
	void channelAuthInAReactiveApplicationFailsStartup() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(CHANNEL_AUTH)
			.run((context) -> assertFailure(context.getStartupFailure(), "pubsub.channel-auth.enabled=true",
					"the channel auth endpoint"));
	}

	@Test
	void channelAuthWithoutSpringMvcFailsStartup() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.withPropertyValues(CHANNEL_AUTH)
			.run((context) -> assertFailure(context.getStartupFailure(), "pubsub.channel-auth.enabled=true",
					"the channel auth endpoint"));
	}

	@Test
	void channelAuthInAServletApplicationStarts() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(CHANNEL_AUTH)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(ChannelAuthController.class));
	}

	@Test
	void wsRpcServerInANonWebApplicationFailsStartup() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("pubsub.wsrpc.server.enabled=true")
			.run((context) -> assertFailure(context.getStartupFailure(), "pubsub.wsrpc.server.enabled=true",
					"the hosted fastapi_websocket_pubsub endpoint"));
	}

	@Test
	void wsRpcServerWithoutAWebSocketServerContainerFailsStartup() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withClassLoader(new FilteredClassLoader(jakarta.websocket.server.ServerContainer.class))
			.withPropertyValues("pubsub.wsrpc.server.enabled=true")
			.run((context) -> assertFailure(context.getStartupFailure(), "pubsub.wsrpc.server.enabled=true",
					"Jakarta WebSocket server container"));
	}

	@Test
	void endpointsThatAreOffNeedNothing() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ChannelAuthController.class)
				.doesNotHaveBean(WsRpcEndpointHandler.class));
	}

	private static void assertFailure(Throwable failure, String property, String feature) {
		assertThat(failure).isNotNull();
		FailureAnalysis analysis = new PubSubSetupFailureAnalyzer().analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains(property).contains(feature);
		assertThat(analysis.getAction()).contains(PubSubSetupException.WEBMVC_STARTER);
	}

}
