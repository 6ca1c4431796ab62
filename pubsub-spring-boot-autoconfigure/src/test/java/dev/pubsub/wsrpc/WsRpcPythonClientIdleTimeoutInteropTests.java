package dev.pubsub.wsrpc;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pubsub.wsrpc.server.WsRpcPublisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The real Python client ({@code interop/wsrpc/client.py}) stays connected to an endpoint with a
 * short idle timeout although it sends nothing after subscribing: it answers the endpoint's
 * {@code _ping_} requests, which is what the timeout waits for (a raw client that answers nothing
 * is closed after the same timeout, {@code WsRpcEndpointLimitsTests}).
 */
class WsRpcPythonClientIdleTimeoutInteropTests {

	@Test
	void pythonClientAnswersPingsAndOutlivesTheIdleTimeout() throws Exception {
		InteropPaths.python();
		try (EndpointServer server = EndpointServer.start("pubsub.wsrpc.server.idle-timeout=2s");
				PeerProcess python = PeerProcess.start(InteropPaths.interop(),
						List.of(InteropPaths.python().toString(),
								InteropPaths.interop().resolve("wsrpc/client.py").toString(), server.url(), "py.quiet",
								"-", "null", "1"))) {
			python.awaitEvent((event) -> "ready".equals(event.path("event").asString()), Duration.ofSeconds(30));
			await().until(() -> server.handler().notifier().subscriberCount("py.quiet") == 1);
			// three idle timeouts of silence from the client's side
			Thread.sleep(6000);
			assertThat(server.handler().metrics().idleTimeouts()).isZero();
			assertThat(python.events("connect")).as("the Python client never had to reconnect").hasSize(1);
			server.bean(WsRpcPublisher.class).publish("py.quiet", "still here").get(5, TimeUnit.SECONDS);
			python.awaitEvent((event) -> "done".equals(event.path("event").asString()), Duration.ofSeconds(30));
			assertThat(python.events("notify")).extracting((event) -> event.path("data").asString())
				.containsExactly("still here");
		}
	}

}
