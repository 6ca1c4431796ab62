package dev.pubsub.core.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;
import org.springframework.web.socket.server.support.WebSocketHttpRequestHandler;

import dev.pubsub.test.support.EmbeddedTomcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link WebSocketSessionHolder} against a real Tomcat WebSocket server and Tomcat's WebSocket client:
 * concurrent sends serialized in order, a send that exceeds the time limit closes the session and is
 * counted, partial messages joined up to the limit and larger ones skipped and reported with their
 * size, and the watchdog quiet while frames flow and firing once on silence.
 */
class WebSocketSessionHolderTests {

	private final Server server = new Server();

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final ExecutorService senders = Executors.newFixedThreadPool(8);

	private final Recorder protocol = new Recorder();

	private EmbeddedTomcat tomcat;

	private WebSocketSessionHolder holder;

	@BeforeEach
	void start() {
		this.tomcat = EmbeddedTomcat.start("holder test server", "holder-test", 0,
				(context) -> EmbeddedTomcat.addUpgradeServlet(context, "ws", new WebSocketHttpRequestHandler(this.server),
						(path) -> true, (container) -> {
							container.setDefaultMaxTextMessageBufferSize(64 * 1024);
							container.setDefaultMaxBinaryMessageBufferSize(512 * 1024);
						}));
	}

	@AfterEach
	void stop() {
		this.server.reading.countDown();
		if (this.holder != null) {
			this.holder.close(CloseStatus.NORMAL);
		}
		this.scheduler.shutdownNow();
		this.senders.shutdownNow();
		this.tomcat.stop();
	}

	private void connect(WebSocketSessionHolder.Settings settings) {
		this.holder = new WebSocketSessionHolder(settings, this.scheduler, () -> false, this.protocol);
		this.holder.open(new StandardWebSocketClient(), new WebSocketHttpHeaders(),
				URI.create("ws://127.0.0.1:" + this.tomcat.port() + "/ws"), this.protocol.ready, Duration.ofSeconds(20),
				() -> new IllegalStateException("timed out"), (ex) -> ex)
			.join();
		await().atMost(Duration.ofSeconds(20)).until(() -> this.server.session != null);
	}

	@Test
	void concurrentSendsAreSerializedInOrder() throws Exception {
		connect(WebSocketSessionHolder.Settings.of("test", 1024 * 1024, 8 * 1024));
		int threads = 8;
		int perThread = 300;
		String padding = "x".repeat(2_000);
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<Void>> senders = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			senders.add(CompletableFuture.runAsync(() -> {
				try {
					go.await();
					for (int i = 0; i < perThread; i++) {
						this.holder.sendText(thread + ":" + i + ":" + padding);
					}
				}
				catch (IOException | InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			}, this.senders));
		}
		go.countDown();
		CompletableFuture.allOf(senders.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		await().atMost(Duration.ofSeconds(60)).until(() -> this.server.texts.size() == threads * perThread);
		int[] next = new int[threads];
		for (String text : this.server.texts) {
			String[] parts = text.split(":", 3);
			int thread = Integer.parseInt(parts[0]);
			assertThat(Integer.parseInt(parts[1])).as("order of thread %d", thread).isEqualTo(next[thread]++);
			assertThat(parts[2]).isEqualTo(padding);
		}
		assertThat(next).containsOnly(perThread);
		assertThat(this.holder.sendLimitCloses()).isZero();
		assertThat(this.holder.isOpen()).isTrue();
	}

	@Test
	void aSendOverTheTimeLimitClosesTheSessionAndIsCounted() throws Exception {
		this.server.blockReading.set(true);
		List<String> told = new CopyOnWriteArrayList<>();
		connect(new WebSocketSessionHolder.Settings("test", 1024 * 1024, 8 * 1024,
				new WebSocketSendLimits(Duration.ofMillis(500), 64 * 1024 * 1024, told::add)));
		byte[] chunk = new byte[256 * 1024];
		AtomicInteger sent = new AtomicInteger();
		CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
			try {
				while (true) {
					this.holder.sendBinary(chunk);
					sent.incrementAndGet();
				}
			}
			catch (IOException ex) {
				return ex;
			}
		}, this.senders);
		assertThat(failure.get(60, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
		await().atMost(Duration.ofSeconds(30)).until(() -> this.holder.sendLimitCloses() == 1);
		assertThat(this.protocol.sendLimits).hasSize(1);
		assertThat(this.protocol.sendLimits.get(0)).isEqualTo("send-time-limit of 500 ms exceeded");
		assertThat(told).containsExactly("send-time-limit of 500 ms exceeded");
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> this.holder.sendText("after"));
		assertThat(this.holder.isOpen()).isFalse();
		this.server.reading.countDown();
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.protocol.closes.isEmpty());
		assertThat(this.protocol.closes).hasSize(1);
		assertThat(this.protocol.closes.get(0).getCode()).isEqualTo(4500);
		assertThat(this.protocol.closes.get(0).getReason()).isEqualTo("send-time-limit of 500 ms exceeded");
		assertThat(sent.get()).as("some sends went through before the socket filled").isPositive();
	}

	@Test
	void partsAreJoinedUpToTheLimitAndLargerMessagesSkippedAndReported() throws Exception {
		connect(WebSocketSessionHolder.Settings.of("test", 64 * 1024, 1024));
		String joined = "j".repeat(20_000);
		String oversizedText = "o".repeat(100_000);
		byte[] joinedBytes = new byte[30_000];
		byte[] oversizedBytes = new byte[200_000];
		WebSocketSession peer = this.server.session;
		peer.sendMessage(new TextMessage(joined));
		peer.sendMessage(new TextMessage(oversizedText));
		peer.sendMessage(new TextMessage("after-text"));
		peer.sendMessage(new BinaryMessage(joinedBytes));
		peer.sendMessage(new BinaryMessage(oversizedBytes));
		peer.sendMessage(new BinaryMessage("after-binary".getBytes(StandardCharsets.UTF_8)));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.protocol.binaries.size() == 2);
		assertThat(this.protocol.texts).containsExactly(joined, "after-text");
		assertThat(this.protocol.binaries.get(0)).hasSize(30_000);
		assertThat(new String(this.protocol.binaries.get(1), StandardCharsets.UTF_8)).isEqualTo("after-binary");
		assertThat(this.protocol.oversized).containsExactly(100_000L, 200_000L);
		assertThat(this.holder.messagesJoinedFromParts()).isEqualTo(2);
		assertThat(this.holder.isOpen()).isTrue();
		assertThat(this.protocol.closes).isEmpty();
	}

	@Test
	void theWatchdogStaysQuietWhileFramesFlowAndFiresOnceOnSilence() throws Exception {
		connect(WebSocketSessionHolder.Settings.of("test", 64 * 1024, 8 * 1024));
		WebSocketSession peer = this.server.session;
		AtomicInteger ticks = new AtomicInteger();
		ScheduledFuture<?> flow = this.scheduler.scheduleAtFixedRate(() -> {
			try {
				synchronized (peer) {
					peer.sendMessage(new TextMessage("tick-" + ticks.incrementAndGet()));
				}
			}
			catch (IOException ex) {
				// the test fails on the assertions below
			}
		}, 0, 100, TimeUnit.MILLISECONDS);
		this.holder.startWatchdog(1_000);
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20))
			.until(() -> this.protocol.silences.get() == 0);
		assertThat(this.protocol.texts).as("frames flowed").hasSizeGreaterThan(10);
		flow.cancel(false);
		await().atMost(Duration.ofSeconds(20)).until(() -> this.protocol.silences.get() == 1);
		await().atMost(Duration.ofSeconds(20)).until(() -> !this.protocol.closes.isEmpty());
		assertThat(this.protocol.closes.get(0).getCode()).isEqualTo(CloseStatus.GOING_AWAY.getCode());
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
			.until(() -> this.protocol.silences.get() == 1);
	}

	/**
	 * The peer: records what it reads; can stop reading (its read thread waits) to fill the socket.
	 */
	static final class Server extends AbstractWebSocketHandler {

		final Queue<String> texts = new ConcurrentLinkedQueue<>();

		final AtomicBoolean blockReading = new AtomicBoolean();

		final CountDownLatch reading = new CountDownLatch(1);

		volatile WebSocketSession session;

		@Override
		public void afterConnectionEstablished(WebSocketSession session) {
			this.session = session;
		}

		@Override
		protected void handleTextMessage(WebSocketSession session, TextMessage message) throws Exception {
			this.texts.add(message.getPayload());
		}

		@Override
		protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) throws Exception {
			if (this.blockReading.get()) {
				this.reading.await(60, TimeUnit.SECONDS);
			}
		}

	}

	/**
	 * The protocol side: records every callback.
	 */
	static final class Recorder implements WebSocketProtocol {

		final CompletableFuture<Void> ready = new CompletableFuture<>();

		final List<String> texts = new CopyOnWriteArrayList<>();

		final List<byte[]> binaries = new CopyOnWriteArrayList<>();

		final List<Long> oversized = new CopyOnWriteArrayList<>();

		final List<String> sendLimits = new CopyOnWriteArrayList<>();

		final List<CloseStatus> closes = new CopyOnWriteArrayList<>();

		final AtomicInteger silences = new AtomicInteger();

		@Override
		public void opened() {
			this.ready.complete(null);
		}

		@Override
		public void onText(String text) {
			this.texts.add(text);
		}

		@Override
		public void onBinary(byte[] bytes) {
			this.binaries.add(bytes);
		}

		@Override
		public void onOversized(long size, long limit) {
			this.oversized.add(size);
		}

		@Override
		public void onSilence(long limitMillis) {
			this.silences.incrementAndGet();
		}

		@Override
		public void onSendLimitExceeded(String reason) {
			this.sendLimits.add(reason);
		}

		@Override
		public void onClosed(CloseStatus status) {
			this.closes.add(status);
		}

	}

}
