package dev.pubsub.test.wsrpc;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link EmbeddedWsRpc @EmbeddedWsRpc} in a plain JUnit Jupiter test: the server runs for the class
 * and is injected as a parameter.
 */
@EmbeddedWsRpc(maxSubscriptionsPerSession = 7)
class EmbeddedWsRpcExtensionTests {

	@Test
	void serverIsStartedAndInjected(EmbeddedWsRpcServer server) {
		assertThat(server.isRunning()).isTrue();
		assertThat(server.endpointUrl()).isEqualTo("ws://127.0.0.1:" + server.port() + "/pubsub");
		assertThat(server.port()).isPositive();
	}

}
