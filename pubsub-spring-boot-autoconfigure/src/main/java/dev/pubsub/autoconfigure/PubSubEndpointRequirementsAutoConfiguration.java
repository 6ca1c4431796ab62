package dev.pubsub.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnNotWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Fails startup when a property turns on one of the starter's HTTP endpoints in an application
 * that cannot host it (no Spring MVC, no servlet WebSocket container, or not a servlet web
 * application), instead of leaving the endpoint silently absent. Each nested configuration is
 * created only in that case, and its constructor throws a {@link PubSubSetupException}.
 */
@AutoConfiguration(before = { ChannelAuthAutoConfiguration.class, WsRpcServerAutoConfiguration.class })
public final class PubSubEndpointRequirementsAutoConfiguration {

	private static final String DISPATCHER_SERVLET = "org.springframework.web.servlet.DispatcherServlet";

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("pubsub.channel-auth.enabled")
	@Conditional(NoServletMvc.class)
	static class ChannelAuthEndpointCannotRun {

		ChannelAuthEndpointCannotRun() {
			throw PubSubSetupException.needsServletWebApplication("pubsub.channel-auth.enabled",
					"the channel auth endpoint", "Spring MVC");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty("pubsub.wsrpc.server.enabled")
	@Conditional(NoServletWebSocket.class)
	static class WsRpcEndpointCannotRun {

		WsRpcEndpointCannotRun() {
			throw PubSubSetupException.needsServletWebApplication("pubsub.wsrpc.server.enabled",
					"the hosted fastapi_websocket_pubsub endpoint",
					"Spring WebSocket and a Jakarta WebSocket server container");
		}

	}

	static final class NoServletMvc extends AnyNestedCondition {

		NoServletMvc() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnNotWebApplication
		static final class NotWeb {

		}

		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		static final class Reactive {

		}

		@ConditionalOnMissingClass(DISPATCHER_SERVLET)
		static final class NoSpringMvc {

		}

	}

	static final class NoServletWebSocket extends AnyNestedCondition {

		NoServletWebSocket() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnNotWebApplication
		static final class NotWeb {

		}

		@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
		static final class Reactive {

		}

		@ConditionalOnMissingClass("org.springframework.web.socket.config.annotation.WebSocketConfigurer")
		static final class NoSpringWebSocket {

		}

		@ConditionalOnMissingClass("jakarta.websocket.server.ServerContainer")
		static final class NoServerContainer {

		}

	}

}
