package dev.pubsub.httppubsub.contract;

import java.util.function.Supplier;

import org.junit.jupiter.api.Nested;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.test.contract.ContractPeer;
import dev.pubsub.test.contract.HostileServerContractTests;
import dev.pubsub.test.contract.ListenerContractTests;
import dev.pubsub.test.contract.ReconnectBackoffContractTests;
import dev.pubsub.test.contract.RestoreContractTests;

/**
 * The provider contract kit against the embedded httppubsub broadcaster, client on the {@code http}
 * (webhook) transport, receiving through the application's own Tomcat. The points the webhook transport
 * cannot meet by design are declared by {@link HttpPubSubWebhookContractPeer#limitation} and reported as
 * aborted with the reason. Overlapping patterns ({@code contract/*} next to {@code contract/item}) are
 * delivered once: the broadcaster sends one copy per matching subscription, and the client tells the copies
 * apart by the URL each glob is registered under (see docs/httppubsub.md, "Routing key and patterns").
 */
class HttpPubSubWebhookContractTests {

	static Supplier<ConfigurableApplicationContext> webServerContext() {
		return AnnotationConfigServletWebServerApplicationContext::new;
	}

	static AutoConfigurations webAutoConfigurations() {
		return AutoConfigurations.of(PubSubAutoConfiguration.class, HttpPubSubAutoConfiguration.class,
				TomcatServletWebServerAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
				WebMvcAutoConfiguration.class);
	}

	@Nested
	class Restore extends RestoreContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebhookContractPeer();
		}

	}

	@Nested
	class HostileServer extends HostileServerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebhookContractPeer();
		}

	}

	@Nested
	class ReconnectBackoff extends ReconnectBackoffContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebhookContractPeer();
		}

	}

	@Nested
	class Listeners extends ListenerContractTests {

		@Override
		protected ContractPeer createPeer() {
			return new HttpPubSubWebhookContractPeer();
		}

		@Override
		protected Supplier<ConfigurableApplicationContext> contextFactory() {
			return webServerContext();
		}

		@Override
		protected AutoConfigurations autoConfigurations() {
			return webAutoConfigurations();
		}

	}

}
