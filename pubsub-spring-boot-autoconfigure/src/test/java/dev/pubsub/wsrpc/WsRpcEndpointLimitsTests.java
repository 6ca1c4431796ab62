package dev.pubsub.wsrpc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.pubsub.wsrpc.server.WsRpcServerMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint's per-session limits against raw WebSocket peers: the first-message timeout, the
 * idle timeout (with the {@code _ping_} that keeps a live peer open), a message over the size limit
 * sent in many continuation frames, and log lines for hostile method names.
 */
@ExtendWith(OutputCaptureExtension.class)
class WsRpcEndpointLimitsTests {

	private static EndpointServer server;

	@BeforeAll
	static void start() {
		server = EndpointServer.start("pubsub.wsrpc.server.first-message-timeout=1s",
				"pubsub.wsrpc.server.idle-timeout=2s", "pubsub.wsrpc.server.max-text-message-size=2MB");
	}

	@AfterAll
	static void stop() {
		server.close();
	}

	private static WsRpcServerMetrics metrics() {
		return server.handler().metrics();
	}

	@Test
	void sessionThatSendsNothingIsClosedAfterTheFirstMessageTimeout() throws Exception {
		long before = metrics().firstMessageTimeouts();
		try (RawWebSocket silent = RawWebSocket.connect(server.port());
				RawWebSocket talking = RawWebSocket.connect(server.port())) {
			assertThat(call(talking, "ping", "p1")).contains("pong");
			assertThat(silent.awaitCloseCode()).isEqualTo(1008);
			assertThat(call(talking, "ping", "p2")).as("a session that spoke is not closed by it").contains("pong");
		}
		assertThat(metrics().firstMessageTimeouts() - before).isEqualTo(1);
	}

	@Test
	void silentSessionIsPingedThenClosedAfterTheIdleTimeoutWhileOneThatAnswersStays() throws Exception {
		long before = metrics().idleTimeouts();
		try (RawWebSocket silent = RawWebSocket.connect(server.port());
				RawWebSocket answering = RawWebSocket.connect(server.port())) {
			assertThat(call(silent, "ping", "s1")).contains("pong");
			assertThat(call(answering, "ping", "a1")).contains("pong");
			CompletableFuture<Integer> answeringClosed = CompletableFuture.supplyAsync(() -> answerPings(answering));
			RawWebSocket.Frame ping = silent.readFrame();
			assertThat(ping.text()).contains("\"_ping_\"");
			assertThat(silent.awaitCloseCode()).isEqualTo(1001);
			Thread.sleep(3000);
			assertThat(answeringClosed).as("a session answering the pings stays open").isNotDone();
		}
		assertThat(metrics().idleTimeouts() - before).isEqualTo(1);
	}

	@Test
	void messageOverTheLimitInManyContinuationFramesIsRefusedWith1009() throws Exception {
		long before = metrics().oversizedFrameDisconnects();
		byte[] piece = new byte[64 * 1024];
		Arrays.fill(piece, (byte) 'a');
		AtomicLong written = new AtomicLong();
		try (RawWebSocket client = RawWebSocket.connect(server.port())) {
			assertThat(call(client, "ping", "o1")).contains("pong");
			CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
				try {
					client.sendFrame(RawWebSocket.TEXT, false, "{\"request\":\"".getBytes(StandardCharsets.UTF_8));
					for (int i = 0; i < 160; i++) {
						client.sendFrame(RawWebSocket.CONTINUATION, i == 159, piece);
						written.addAndGet(piece.length);
					}
				}
				catch (IOException ex) {
					// the server closed the connection: expected
				}
			});
			assertThat(client.awaitCloseCode()).isEqualTo(1009);
			writer.get();
		}
		assertThat(metrics().oversizedFrameDisconnects() - before).isEqualTo(1);
	}

	@Test
	void hostileMethodNamesAreLoggedEscapedCappedAndRateLimited(CapturedOutput output) throws Exception {
		long before = metrics().failedRequests();
		String forged = "x\r\n2099-01-01 ERROR FORGED LINE";
		String huge = "m".repeat(1024 * 1024);
		try (RawWebSocket client = RawWebSocket.connect(server.port())) {
			CompletableFuture<Void> drain = CompletableFuture.runAsync(() -> {
				try {
					for (int i = 0; i < 10_001; i++) {
						client.readFrame();
					}
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			String forgedJson = forged.replace("\r", "\\r").replace("\n", "\\n");
			for (int i = 0; i < 10_000; i++) {
				client.sendText("{\"request\":{\"method\":\"" + forgedJson + "\",\"arguments\":{},\"call_id\":\"f" + i
						+ "\"},\"response\":null}");
			}
			client.sendText("{\"request\":{\"method\":\"" + huge + "\",\"arguments\":{},\"call_id\":\"h\"},"
					+ "\"response\":null}");
			drain.get();
		}
		assertThat(metrics().failedRequests() - before).as("every bad request counted").isEqualTo(10_001);
		String log = output.getOut();
		assertThat(log).doesNotContain("\n2099-01-01 ERROR FORGED LINE").contains("x\\r\\n2099-01-01 ERROR FORGED LINE");
		assertThat(log).doesNotContain("m".repeat(1000));
		long lines = log.lines().filter((line) -> line.contains("failed: Unknown method")).count();
		assertThat(lines).as("log lines for 10,001 bad requests").isBetween(1L, 3L);
	}

	private static String call(RawWebSocket client, String method, String callId) throws IOException {
		client.sendText("{\"request\":{\"method\":\"" + method + "\",\"arguments\":{},\"call_id\":\"" + callId
				+ "\"},\"response\":null}");
		while (true) {
			String text = client.readFrame().text();
			if (text.contains("\"" + callId + "\"")) {
				return text;
			}
		}
	}

	/**
	 * Answer every request with a result, as a fastapi_websocket_rpc peer answers {@code _ping_},
	 * until the server closes the session.
	 */
	private static int answerPings(RawWebSocket client) {
		try {
			while (true) {
				RawWebSocket.Frame frame = client.readFrame();
				if (frame.opcode() == RawWebSocket.CLOSE) {
					return 1;
				}
				String text = frame.text();
				int at = text.indexOf("\"call_id\":\"");
				if (text.contains("\"_ping_\"") && at >= 0) {
					String callId = text.substring(at + 11, text.indexOf('"', at + 11));
					client.sendText("{\"request\":null,\"response\":{\"result\":\"pong\",\"result_type\":\"str\","
							+ "\"call_id\":\"" + callId + "\"}}");
				}
			}
		}
		catch (IOException ex) {
			return -1;
		}
	}

}
