package dev.pubsub.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.emitter.EmitterClientSettings;
import dev.pubsub.emitter.EmitterPublishOptions;
import dev.pubsub.emitter.EmitterRequestException;
import dev.pubsub.emitter.PahoEmitterClient;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.test.emitter.EmbeddedEmitter;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;
import dev.pubsub.test.httppubsub.BroadcasterSecrets;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSub;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;
import dev.pubsub.test.realtimex.EmbeddedRealtimeX;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * {@link EmbeddedEmitter @EmbeddedEmitter}, {@link EmbeddedHttpPubSub @EmbeddedHttpPubSub} and
 * {@link EmbeddedRealtimeX @EmbeddedRealtimeX} in a plain JUnit Jupiter test: each server runs for the class with
 * the annotation's settings, is injected by its type, and is stopped after the class.
 */
@EmbeddedEmitter(channel = "sensors/#/", permissions = "rw", key = "extension-key")
@EmbeddedHttpPubSub(auth = HttpPubSubAuth.Mode.TOKEN, toBroadcasterSecret = "to-broadcaster-token")
@EmbeddedRealtimeX(apiKey = "extension-api-key", appKey = "extension-app-key", appSecret = "extension-secret")
class EmbeddedServersExtensionTests {

	private static volatile boolean launching;

	@Test
	void emitterBrokerRunsWithTheAnnotationsKey(EmbeddedEmitterBroker broker) throws Exception {
		assertThat(broker.isRunning()).isTrue();
		assertThat(broker.url()).isEqualTo("tcp://127.0.0.1:" + broker.port());
		PahoEmitterClient client = new PahoEmitterClient("extension", EmitterClientSettings.of(broker.host(),
				broker.port()), JsonMapper.builder().build(),
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(500), 2.0, 0.1,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5));
		try {
			client.connect().get(10, TimeUnit.SECONDS);
			List<String> received = new CopyOnWriteArrayList<>();
			client.subscribe("extension-key", "sensors/kitchen/", 0, (PubSubMessage message) -> received
				.add(message.payloadAs(String.class))).get(10, TimeUnit.SECONDS);
			client.publish("extension-key", "sensors/kitchen/", "reading-42", EmitterPublishOptions.defaults())
				.get(10, TimeUnit.SECONDS);
			await().until(() -> received.contains("reading-42"));
			// the key covers sensors/ only
			assertThatExceptionOfType(ExecutionException.class)
				.isThrownBy(() -> client.subscribe("extension-key", "alerts/", 0, (message) -> {
				}).get(10, TimeUnit.SECONDS))
				.withCauseInstanceOf(EmitterRequestException.class);
		}
		finally {
			client.destroy();
		}
	}

	@Test
	void httpPubSubBroadcasterRunsWithTheAnnotationsAuth(EmbeddedHttpPubSubBroadcaster broadcaster) {
		assertThat(broadcaster.isRunning()).isTrue();
		assertThat(broadcaster.url()).isEqualTo("http://127.0.0.1:" + broadcaster.port());
		BroadcasterSecrets secrets = broadcaster.authSecrets();
		assertThat(secrets.mode()).isEqualTo(HttpPubSubAuth.Mode.TOKEN);
		assertThat(secrets.toBroadcaster()).isEqualTo("to-broadcaster-token");
		assertThat(secrets.toSubscriber()).hasSizeGreaterThanOrEqualTo(32);
		assertThat(secrets.toString()).doesNotContain("to-broadcaster-token");
	}

	@Test
	void realtimeXServerRunsWithTheAnnotationsKeys(EmbeddedRealtimeXServer server) {
		assertThat(server.isRunning()).isTrue();
		assertThat(server.url()).isEqualTo("ws://127.0.0.1:" + server.port() + "/socket.io/");
		assertThat(server.apiKey()).isEqualTo("extension-api-key");
		assertThat(server.appKey()).isEqualTo("extension-app-key");
		assertThat(server.appSecret()).isEqualTo("extension-secret");
	}

	@Test
	void serversStopAfterTheClass() {
		Recorded.servers.clear();
		LauncherDiscoveryRequest request = request().selectors(selectClass(Recorded.class)).build();
		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		launching = true;
		try {
			launcher.execute(request, listener);
		}
		finally {
			launching = false;
		}
		TestExecutionSummary summary = listener.getSummary();
		assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
		assertThat(Recorded.servers).hasSize(3).noneMatch(EmbeddedPubSubServer::isRunning);
	}

	/**
	 * Whether {@link #serversStopAfterTheClass()} is running {@link Recorded}.
	 * @return whether a launcher run is in progress
	 */
	static boolean launching() {
		return launching;
	}

	/**
	 * Run by the launcher above, not by the build.
	 */
	@EmbeddedEmitter
	@EmbeddedHttpPubSub
	@EmbeddedRealtimeX
	@EnabledIf("dev.pubsub.test.EmbeddedServersExtensionTests#launching")
	static class Recorded {

		static final List<EmbeddedPubSubServer> servers = new ArrayList<>();

		@Test
		void running(EmbeddedEmitterBroker emitter, EmbeddedHttpPubSubBroadcaster httpPubSub,
				EmbeddedRealtimeXServer realtimeX) {
			servers.addAll(List.of(emitter, httpPubSub, realtimeX));
			assertThat(servers).allMatch(EmbeddedPubSubServer::isRunning);
		}

	}

}
