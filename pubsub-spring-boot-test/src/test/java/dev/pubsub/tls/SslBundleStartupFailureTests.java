package dev.pubsub.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.autoconfigure.EmitterAutoConfiguration;
import dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubSetupFailureAnalyzer;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimeXAutoConfiguration;
import dev.pubsub.autoconfigure.WsRpcAutoConfiguration;

import static dev.pubsub.tls.SslBundleWebSocketClientsTests.TRUST_SERVER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code ssl.bundle} that cannot be used fails startup with a message naming the property and
 * the bundle: an unknown bundle (for every client type), a bundle on a client whose address does
 * not use TLS, and a bundle without Boot's {@code SslBundles}.
 */
class SslBundleStartupFailureTests {

	private final ApplicationContextRunner runner = SslBundleWebSocketClientsTests
		.runner(RealtimePubSubAutoConfiguration.class)
		.withConfiguration(AutoConfigurations.of(RealtimeXAutoConfiguration.class, WsRpcAutoConfiguration.class,
				HttpPubSubAutoConfiguration.class, EmitterAutoConfiguration.class))
		.withPropertyValues(TRUST_SERVER, "pubsub.clients.c.auto-connect=false");

	@ParameterizedTest
	@CsvSource({ "realtime, realtime.url=wss://127.0.0.1:1, realtime.app-id=app",
			"realtimex, realtimex.ws-host=127.0.0.1, realtimex.api-key=api",
			"wsrpc, wsrpc.url=wss://127.0.0.1:1/pubsub, wsrpc.topic-separator=/",
			"httppubsub, httppubsub.broadcasters=https://127.0.0.1:1, httppubsub.callback-base-url=http://127.0.0.1:9",
			"emitter, emitter.host=127.0.0.1, emitter.port=1" })
	void anUnknownBundleFailsStartupNamingTheBundle(String type, String address, String other) {
		this.runner
			.withPropertyValues("pubsub.clients.c.type=" + type, "pubsub.clients.c." + address,
					"pubsub.clients.c." + other, "pubsub.clients.c.realtime.access-token=t",
					"pubsub.clients.c." + type + ".ssl.bundle=nope")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).rootCause().isInstanceOf(NoSuchSslBundleException.class);
				FailureAnalysis analysis = new PubSubSetupFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).isEqualTo("pubsub.clients.c." + type + ".ssl.bundle names the SSL"
						+ " bundle 'nope', which is not configured (configured bundles: test).");
				assertThat(analysis.getAction()).contains("spring.ssl.bundle.pem.nope.");
			});
	}

	@Test
	void aBundleOnAPlainWebSocketUrlFailsStartup() {
		this.runner
			.withPropertyValues("pubsub.clients.c.type=wsrpc", "pubsub.clients.c.wsrpc.url=ws://127.0.0.1:1/pubsub",
					"pubsub.clients.c.wsrpc.ssl.bundle=test")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessage("pubsub.clients.c.wsrpc.ssl.bundle is set, but pubsub.clients.c.wsrpc.url"
						+ " (ws://127.0.0.1:1/pubsub) does not use wss, so the bundle would not be used;"
						+ " use a wss:// address or remove pubsub.clients.c.wsrpc.ssl.bundle"));
	}

	@Test
	void aBundleOnAPlainRealtimeUrlFailsStartup() {
		this.runner
			.withPropertyValues("pubsub.clients.c.type=realtime", "pubsub.clients.c.realtime.url=ws://127.0.0.1:1",
					"pubsub.clients.c.realtime.app-id=app", "pubsub.clients.c.realtime.access-token=t",
					"pubsub.clients.c.realtime.ssl.bundle=test")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.c.realtime.url (ws://127.0.0.1:1) does not use wss"));
	}

	@Test
	void aBundleOnAnUnencryptedRealtimeXClientFailsStartup() {
		this.runner
			.withPropertyValues("pubsub.clients.c.type=realtimex", "pubsub.clients.c.realtimex.ws-host=127.0.0.1",
					"pubsub.clients.c.realtimex.encrypted=false", "pubsub.clients.c.realtimex.ssl.bundle=test")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("pubsub.clients.c.realtimex.encrypted=false connects with ws://"));
	}

	@Test
	void aBundleWithAnHttpBroadcasterFailsStartup() {
		this.runner
			.withPropertyValues("pubsub.clients.c.type=httppubsub",
					"pubsub.clients.c.httppubsub.broadcasters=https://127.0.0.1:1,http://127.0.0.1:2",
					"pubsub.clients.c.httppubsub.callback-base-url=http://127.0.0.1:9",
					"pubsub.clients.c.httppubsub.ssl.bundle=test")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining(
						"pubsub.clients.c.httppubsub.broadcasters (http://127.0.0.1:2) does not use https"));
	}

	@Test
	void aBundleWithoutBootsSslBundlesFailsStartup() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, EmitterAutoConfiguration.class))
			.withPropertyValues("pubsub.clients.c.type=emitter", "pubsub.clients.c.auto-connect=false",
					"pubsub.clients.c.emitter.ssl.bundle=test")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new PubSubSetupFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription())
					.startsWith("pubsub.clients.c.emitter.ssl.bundle=test names an SSL bundle, but there is no"
							+ " SslBundles bean");
			});
	}

}
