package dev.pubsub.test;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import dev.pubsub.test.realtime.EmbeddedRealtime;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtime.GatewayTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Tests of {@link EmbeddedPubSubExtension} through {@link EmbeddedRealtime @EmbeddedRealtime}: the gateway runs
 * for the class, is injected into constructors and methods, is shared with {@code @Nested} classes, and is
 * stopped after the class.
 */
@EmbeddedRealtime(appId = "extension-app")
class EmbeddedPubSubExtensionTests {

	private static volatile boolean launching;

	private final EmbeddedRealtimeGateway constructorGateway;

	EmbeddedPubSubExtensionTests(EmbeddedRealtimeGateway gateway) {
		this.constructorGateway = gateway;
	}

	@Test
	void gatewayIsRunningAndInjectedByItsTypeAndByTheContract(EmbeddedRealtimeGateway gateway,
			EmbeddedPubSubServer server) throws Exception {
		assertThat(gateway.isRunning()).isTrue();
		assertThat(gateway.appId()).isEqualTo("extension-app");
		assertThat(server).isSameAs(gateway).isSameAs(this.constructorGateway);
		assertThat(gateway.url()).isEqualTo("ws://127.0.0.1:" + gateway.port());
		try (GatewayTestClient client = GatewayTestClient
			.connect(gateway.connectUrl(gateway.tokens().mint("u", List.of())))) {
			assertThat(gateway.connection(client.connectionId())).isNotNull();
		}
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassSharesTheEnclosingGateway(EmbeddedRealtimeGateway gateway) {
			assertThat(gateway).isSameAs(EmbeddedPubSubExtensionTests.this.constructorGateway);
			assertThat(gateway.isRunning()).isTrue();
		}

	}

	@Test
	void gatewayStartsBeforeTheClassAndStopsAfterIt() {
		Recorded.gateways.clear();
		TestExecutionSummary summary = run(Recorded.class);
		assertThat(summary.getTestsSucceededCount()).isEqualTo(2);
		assertThat(Recorded.gateways).hasSize(2);
		assertThat(Recorded.gateways.get(0)).isSameAs(Recorded.gateways.get(1));
		assertThat(Recorded.gateways.get(0).isRunning()).isFalse();
		assertThat(Recorded.gateways.get(0).appId()).isEqualTo("recorded");
	}

	@Test
	void ambiguousContractParameterFailsWithAClearMessage() {
		TestExecutionSummary summary = run(TwoServers.class);
		assertThat(summary.getTestsFailedCount()).isEqualTo(1);
		assertThat(summary.getFailures().get(0).getException())
			.hasMessageContaining("2 embedded servers of type dev.pubsub.test.EmbeddedPubSubServer");
	}

	private static TestExecutionSummary run(Class<?> testClass) {
		LauncherDiscoveryRequest request = request().selectors(selectClass(testClass)).build();
		Launcher launcher = LauncherFactory.create();
		SummaryGeneratingListener listener = new SummaryGeneratingListener();
		launching = true;
		try {
			launcher.execute(request, listener);
		}
		finally {
			launching = false;
		}
		return listener.getSummary();
	}

	/**
	 * Whether {@link #run} is running a class: the classes below run only then, never when a build's
	 * {@code -Dtest} pattern happens to select them.
	 * @return whether a launcher run is in progress
	 */
	static boolean launching() {
		return launching;
	}

	/**
	 * Run by the launcher above, not by the build (nested classes are not discovered on their own).
	 */
	@EmbeddedRealtime(appId = "recorded")
	@EnabledIf("dev.pubsub.test.EmbeddedPubSubExtensionTests#launching")
	static class Recorded {

		static final List<EmbeddedRealtimeGateway> gateways = new ArrayList<>();

		@Test
		void first(EmbeddedRealtimeGateway gateway) {
			assertThat(gateway.isRunning()).isTrue();
			gateways.add(gateway);
		}

		@Test
		void second(EmbeddedRealtimeGateway gateway) {
			assertThat(gateway.isRunning()).isTrue();
			gateways.add(gateway);
		}

	}

	/**
	 * Two servers declared; asking for the contract type is ambiguous.
	 */
	@EmbeddedRealtime
	@SecondGateway
	@EnabledIf("dev.pubsub.test.EmbeddedPubSubExtensionTests#launching")
	static class TwoServers {

		@Test
		void ambiguous(EmbeddedPubSubServer server) {
		}

	}

}
