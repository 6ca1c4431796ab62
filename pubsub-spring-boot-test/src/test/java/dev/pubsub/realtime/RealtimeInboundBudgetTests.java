package dev.pubsub.realtime;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.support.InboundBudget;
import dev.pubsub.test.support.EmbeddedTomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile Realtime gateway that, once the client subscribes, writes 200 KB deliveries as fast as its
 * socket takes them (blocking writes, real bytes over loopback) to a client whose listener is slow. With
 * the default back-pressure the client holds at most its inbound byte budget plus one frame (the budget's
 * peak, and the live heap measured after a full GC in the middle of the flood), loses nothing (every delivery arrives, by id, in order) and stays connected, even while a listener stall
 * keeps the socket unread for longer than two ping intervals. With {@code DROP_NEWEST} every drop is
 * counted exactly (delivered + dropped == sent) and logged in a few lines. A delivery larger than the
 * whole budget is delivered, not deadlocked.
 */
@ExtendWith(OutputCaptureExtension.class)
class RealtimeInboundBudgetTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int BLOB = 200_000;

	private static final long BUDGET = 4L * 1024 * 1024;

	private final AtomicInteger sent = new AtomicInteger();

	private final AtomicBoolean stopFlood = new AtomicBoolean();

	private EmbeddedTomcat server;

	private DefaultRealtimeClient client;

	@AfterEach
	void stop() {
		this.stopFlood.set(true);
		if (this.client != null) {
			this.client.destroy();
		}
		if (this.server != null) {
			this.server.stop();
		}
	}

	@Test
	void aFloodOfLargeDeliveriesToASlowListenerIsBackPressuredAndLosesNothing() throws Exception {
		int count = 400;
		startServer(count, BLOB);
		startClient(BUDGET, Duration.ofMillis(250));
		List<Integer> received = new CopyOnWriteArrayList<>();
		AtomicLong heapMidFlood = new AtomicLong();
		long heapBefore = liveHeap();
		this.client.subscribe("flood.*", (message) -> {
			int seq = seq(message);
			received.add(seq);
			if (seq == count / 2) {
				// without the byte budget, the network thread would have queued most of the 80 MB by now
				heapMidFlood.set(liveHeap());
			}
			// a slow listener, with one long stall: the socket stays unread for more than two ping intervals
			sleep((seq == 50) ? 1_500 : 8);
		});
		this.client.connect().get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofMinutes(2)).until(() -> received.size() == count);
		assertThat(received).containsExactlyElementsOf(java.util.stream.IntStream.range(0, count).boxed().toList());
		assertThat(this.sent.get()).isEqualTo(count);
		assertThat(this.client.metrics().dropped()).isZero();
		assertThat(this.client.metrics().backPressureWaits()).as("the network thread waited for room").isPositive();
		long oneFrame = BLOB + 1_000 + InboundBudget.MESSAGE_OVERHEAD;
		assertThat(this.client.metrics().inboundPeakBytes()).isPositive().isLessThanOrEqualTo(BUDGET + oneFrame);
		await().until(() -> this.client.metrics().inboundBufferedBytes() == 0);
		assertThat(this.client.metrics().reconnects()).as("no false pong timeout while paused").isZero();
		assertThat(heapMidFlood.get() - heapBefore).as("live heap growth in the middle of the flood")
			.isLessThan(24L * 1024 * 1024);
		assertThat(this.client.isConnected()).isTrue();
	}

	@Test
	void dropNewestCountsEveryDropExactlyAndLogsAFewLines(CapturedOutput output) throws Exception {
		int count = 300;
		startServer(count, BLOB);
		startClient(BUDGET, Duration.ofSeconds(15));
		List<Integer> received = new CopyOnWriteArrayList<>();
		this.client.subscribe(List.of("flood.*"), (message) -> {
			received.add(seq(message));
			sleep(5);
		}, SubscribeOptions.defaults().withOverflowPolicy(OverflowPolicy.DROP_NEWEST));
		this.client.connect().get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofMinutes(2))
			.until(() -> this.sent.get() == count && received.size() + this.client.metrics().dropped() == count);
		assertThat(this.client.metrics().dropped()).as("a fast server overran the budget").isPositive();
		assertThat(received).isSorted().doesNotHaveDuplicates();
		assertThat(received.size() + this.client.metrics().dropped()).isEqualTo(count);
		assertThat(this.client.metrics().inboundPeakBytes()).isLessThanOrEqualTo(BUDGET + BLOB + 1_000
				+ InboundBudget.MESSAGE_OVERHEAD);
		long dropLines = output.getAll().lines().filter((line) -> line.contains("Dropped message")).count();
		assertThat(dropLines).isBetween(1L, 3L);
	}

	@Test
	void aDeliveryLargerThanTheWholeBudgetIsDelivered() throws Exception {
		int count = 5;
		startServer(count, 600_000);
		startClient(64 * 1024, Duration.ofSeconds(15));
		List<Integer> received = new CopyOnWriteArrayList<>();
		this.client.subscribe("flood.*", (message) -> received.add(seq(message)));
		this.client.connect().get(10, TimeUnit.SECONDS);
		await().atMost(Duration.ofMinutes(1)).until(() -> received.size() == count);
		assertThat(received).containsExactly(0, 1, 2, 3, 4);
		assertThat(this.client.metrics().dropped()).isZero();
		assertThat(this.client.metrics().inboundPeakBytes()).isGreaterThan(64 * 1024)
			.isLessThanOrEqualTo(600_000 + 1_000 + InboundBudget.MESSAGE_OVERHEAD);
	}

	private static long liveHeap() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	private static int seq(PubSubMessage message) {
		return message.payloadAsJson().get("seq").asInt();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void startClient(long budget, Duration pingInterval) {
		this.client = new DefaultRealtimeClient("budgeted", new StandardWebSocketClient(),
				RealtimeUrlProvider.of("ws://127.0.0.1:" + this.server.port(), "app", () -> "token"), JSON,
				new ReconnectPolicy(true, Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.0,
						ReconnectPolicy.UNLIMITED),
				Duration.ofSeconds(5), Duration.ofSeconds(10), 1024 * 1024);
		this.client.setInboundMaxBufferedBytes(budget);
		this.client.setPingInterval(pingInterval);
	}

	private void startServer(int count, int blobSize) {
		WebSocketHttpRequestHandler handler = new WebSocketHttpRequestHandler(new FloodingGateway(count, blobSize));
		this.server = EmbeddedTomcat.start("flooding Realtime gateway", "flooding-gateway", 0,
				(context) -> EmbeddedTomcat.addUpgradeServlet(context, "flood", handler,
						(uri) -> uri.startsWith("/apps/"), (container) -> {
						}));
	}

	/**
	 * Welcomes the client and, at its first subscribe, writes {@code count} deliveries on topic
	 * {@code flood} from its own thread with blocking writes: it goes as fast as the client's socket
	 * reads, never faster, and never reads the client's frames after the subscribe.
	 */
	private final class FloodingGateway extends TextWebSocketHandler {

		private final int count;

		private final String blob;

		FloodingGateway(int count, int blobSize) {
			this.count = count;
			this.blob = "x".repeat(blobSize);
		}

		@Override
		public void afterConnectionEstablished(WebSocketSession session) throws Exception {
			session.sendMessage(new TextMessage("{\"topic\":\"main\",\"messageType\":\"welcome\",\"data\":"
					+ "{\"connection\":{\"id\":\"c-1\",\"appId\":\"app\",\"remoteAddress\":\"127.0.0.1\"}}}"));
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) {
			if (!message.getPayload().contains("\"subscribe\"")
					|| session.getAttributes().putIfAbsent("flooding", Boolean.TRUE) != null) {
				return;
			}
			Thread flood = new Thread(() -> flood(session), "flooding-gateway");
			flood.setDaemon(true);
			flood.start();
		}

		private void flood(WebSocketSession session) {
			try {
				for (int i = 0; i < this.count && !RealtimeInboundBudgetTests.this.stopFlood.get(); i++) {
					session.sendMessage(new TextMessage("{\"topic\":\"flood\",\"messageType\":\"item\",\"data\":"
							+ "{\"payload\":{\"seq\":" + i + ",\"blob\":\"" + this.blob + "\"},\"id\":\"m-" + i
							+ "\",\"client\":{\"connectionId\":\"gw\",\"subject\":\"s\",\"permissions\":[]}}}"));
					RealtimeInboundBudgetTests.this.sent.incrementAndGet();
				}
			}
			catch (Exception ex) {
				try {
					session.close(CloseStatus.SERVER_ERROR);
				}
				catch (Exception ignored) {
					// closing anyway
				}
			}
		}

	}

}
