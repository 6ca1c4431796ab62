package dev.pubsub.test;

import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.test.emitter.EmbeddedEmitterBroker;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;
import dev.pubsub.test.wsrpc.EmbeddedWsRpcServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every thread a started embedded server runs is a daemon thread, so a JVM that forgets to stop one
 * (a failing build step, Spring's AOT processing) still exits.
 */
class EmbeddedServerThreadsTests {

	@Test
	void realtimeGatewayThreadsAreDaemons() {
		assertOnlyDaemonThreads(() -> EmbeddedRealtimeGateway.builder().start());
	}

	@Test
	void httpPubSubBroadcasterThreadsAreDaemons() {
		assertOnlyDaemonThreads(
				() -> new EmbeddedHttpPubSubBroadcaster(0, HttpPubSubAuth.none(), HttpPubSubAuth.none()).start());
	}

	@Test
	void emitterBrokerThreadsAreDaemons() {
		assertOnlyDaemonThreads(() -> new EmbeddedEmitterBroker().start());
	}

	@Test
	void realtimeXServerThreadsAreDaemons() {
		assertOnlyDaemonThreads(() -> new EmbeddedRealtimeXServer(0, "api-key", "app-key", "app-secret-0123456789")
			.start());
	}

	@Test
	void wsRpcServerThreadsAreDaemons() {
		assertOnlyDaemonThreads(() -> new EmbeddedWsRpcServer(0).start());
	}

	private static void assertOnlyDaemonThreads(Supplier<EmbeddedPubSubServer> starter) {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		try (EmbeddedPubSubServer server = starter.get()) {
			assertThat(server.isRunning()).isTrue();
			Set<String> started = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !before.contains(thread) && thread.isAlive())
				.map((thread) -> thread.getName() + (thread.isDaemon() ? " (daemon)" : ""))
				.collect(Collectors.toSet());
			assertThat(started).as("threads the server started").isNotEmpty();
			assertThat(started).as("threads the server started").allMatch((name) -> name.endsWith(" (daemon)"));
		}
	}

}
