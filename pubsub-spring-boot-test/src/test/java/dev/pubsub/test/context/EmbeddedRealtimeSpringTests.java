package dev.pubsub.test.context;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.pubsub.autoconfigure.PubSubClientProperties;
import dev.pubsub.autoconfigure.PubSubClientType;
import dev.pubsub.autoconfigure.PubSubProperties;
import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.GatewayTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @SpringBootTest} with {@link EmbeddedRealtime @EmbeddedRealtime}: the gateway is a bean, and the
 * client properties are in the environment before refresh and bind to {@link PubSubProperties}.
 */
@SpringBootTest(classes = EmbeddedRealtimeSpringTests.Config.class,
		properties = "pubsub.clients.gateway.request-timeout=7s")
@EmbeddedRealtime(client = "gateway", appId = "spring-app", subject = "svc",
		permissions = "realtime:subscriber:read:topic:secure/inbound")
class EmbeddedRealtimeSpringTests {

	@Autowired
	private Environment environment;

	@Autowired
	private PubSubProperties properties;

	@Autowired
	private EmbeddedRealtimeGateway gateway;

	@Test
	void propertiesPointTheClientAtTheGateway() {
		String url = "ws://127.0.0.1:" + this.gateway.port();
		assertThat(this.environment.getProperty("pubsub.clients.gateway.type")).isEqualTo("realtime");
		assertThat(this.environment.getProperty("pubsub.clients.gateway.realtime.url")).isEqualTo(url);
		assertThat(this.environment.getProperty("pubsub.clients.gateway.realtime.app-id")).isEqualTo("spring-app");
		assertThat(this.environment.getProperty("pubsub.test.realtime.url")).isEqualTo(url);
		assertThat(this.environment.getProperty("pubsub.test.realtime.app-id")).isEqualTo("spring-app");
		PubSubClientProperties client = this.properties.getClients().get("gateway");
		assertThat(client.getType()).isEqualTo(PubSubClientType.REALTIME);
		assertThat(client.getRealtime().getUrl()).isEqualTo(url);
		assertThat(client.getRealtime().getAppId()).isEqualTo("spring-app");
		assertThat(client.getRealtime().getAccessToken())
			.isEqualTo(this.environment.getProperty("pubsub.test.realtime.access-token"));
		assertThat(client.getRequestTimeout()).hasSeconds(7);
	}

	@Test
	void tokenIsAcceptedByTheGatewayWithTheDeclaredClaims() throws Exception {
		String token = this.environment.getProperty("pubsub.clients.gateway.realtime.access-token");
		try (GatewayTestClient client = GatewayTestClient.connect(this.gateway.connectUrl(token))) {
			assertThat(this.gateway.connection(client.connectionId()).subject()).isEqualTo("svc");
			assertThat(this.gateway.connection(client.connectionId()).permissions())
				.isEqualTo(List.of("realtime:subscriber:read:topic:secure/inbound"));
		}
	}

	@Test
	void gatewayIsAlsoInjectedAsAParameter(EmbeddedRealtimeGateway parameter,
			@Autowired EmbeddedRealtimeGateway autowired) {
		assertThat(parameter).isSameAs(this.gateway).isSameAs(autowired);
		assertThat(parameter.isRunning()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(PubSubProperties.class)
	static class Config {

	}

}
