package dev.pubsub.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.handler.annotation.Header;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.support.AbstractPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PubSubListenerContainer} and the registry's lifecycle: one subscription per
 * listener however many patterns it has, and a shutdown that drains, never interrupts, and counts
 * and logs once what it has to leave behind.
 */
@ExtendWith(OutputCaptureExtension.class)
class PubSubListenerContainerTests {

	private static final String DISCARD_LINE = "queued message(s) discarded";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class));

	@Test
	void overlappingPatternsOfOneListenerDeliverEachMessageOnce() {
		this.contextRunner.withUserConfiguration(OneClient.class, OverlappingListener.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			OverlappingListener listener = context.getBean(OverlappingListener.class);
			assertThat(client.remoteSubscribes).containsExactly("orders.*", "orders.created", "orders.**");
			client.deliver("orders", "created", "1", Map.of(PubSubHeaders.MESSAGE_ID, "o-1"));
			client.deliver("orders", "updated", "2", Map.of(PubSubHeaders.MESSAGE_ID, "o-2"));
			client.deliver("other", "created", "3", Map.of(PubSubHeaders.MESSAGE_ID, "x-1"));
			client.deliver("orders", "done", "4", Map.of(PubSubHeaders.MESSAGE_ID, "end"));
			await().until(() -> listener.ids.contains("end"));
			// one lane, in order: a duplicate of o-1 or o-2 would have been queued before "end"
			assertThat(listener.ids).containsExactly("o-1", "o-2", "end");
			assertThat(client.metrics().unrouted()).isEqualTo(1);
		});
	}

	@Test
	void threadsScalePerListenerNotPerPattern() {
		this.contextRunner.withUserConfiguration(OneClient.class, ManyPatternsListener.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			ManyPatternsListener listener = context.getBean(ManyPatternsListener.class);
			PubSubListenerContainer container = context.getBean(PubSubListenerEndpointRegistry.class)
				.getListenerContainer("many");
			assertThat(laneThreads()).isZero();
			container.start();
			assertThat(laneThreads()).isEqualTo(2);
			for (int i = 0; i < 20; i++) {
				for (String topic : List.of("p1", "p2", "p3", "p4", "p5")) {
					client.deliver(topic, "t" + (i % 4), String.valueOf(i));
				}
			}
			await().until(() -> listener.count.get() == 100);
			assertThat(listener.threads).hasSizeBetween(1, 2);
			container.stop();
			await().until(() -> laneThreads() == 0);
		});
	}

	@Test
	void listenersStopAfterTheWebServerDrainedAndDeliverEveryQueuedMessage() {
		List<String> timeline = new CopyOnWriteArrayList<>();
		this.contextRunner.withUserConfiguration(SlowListener.class)
			.withBean(LoopbackPubSubClient.class, () -> new LoopbackPubSubClient("gateway", false, timeline))
			.withBean(WebServerDrain.class, () -> new WebServerDrain(timeline))
			.withPropertyValues("pubsub.listener.shutdown-timeout=10s")
			.run((context) -> {
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				SlowListener listener = context.getBean(SlowListener.class);
				listener.timeline = timeline;
				context.getBean(WebServerDrain.class).onStop = listener.gate::countDown;
				deliver(client, 101);
				assertThat(listener.started.await(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				assertThat(listener.ids).isEmpty();
				context.close();
				List<String> all = IntStream.rangeClosed(0, 100).mapToObj((i) -> "m-" + i).toList();
				assertThat(listener.ids).containsExactlyElementsOf(all);
				assertThat(client.metrics().discardedOnShutdown()).isZero();
				assertThat(timeline.get(0)).isEqualTo("web-server-drained");
				assertThat(timeline.get(timeline.size() - 1)).isEqualTo("client-stop");
				assertThat(timeline).containsOnlyOnce("unsubscribe:jobs.*");
				assertThat(timeline.subList(1, timeline.size() - 1)).containsAll(all);
			});
	}

	@Test
	void whatTheShutdownTimeoutLeavesIsCountedExactlyAndLoggedOnceAndTheCallInProgressCompletes(
			CapturedOutput output) {
		this.contextRunner.withUserConfiguration(OneClient.class, SlowListener.class)
			.withPropertyValues("pubsub.listener.shutdown-timeout=100ms")
			.run((context) -> {
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				SlowListener listener = context.getBean(SlowListener.class);
				deliver(client, 101);
				assertThat(listener.started.await(AwaitLimit.atMost(Duration.ofSeconds(10)).toMillis(), TimeUnit.MILLISECONDS)).isTrue();
				context.close();
				assertThat(client.metrics().discardedOnShutdown()).isEqualTo(100);
				assertThat(output.getOut().split(java.util.regex.Pattern.quote(DISCARD_LINE), -1)).hasSize(2);
				assertThat(output).contains("100 " + DISCARD_LINE).contains("1 handler call(s) still running");
				assertThat(listener.ids).isEmpty();
				listener.gate.countDown();
				await().until(() -> listener.ids.contains("m-0"));
				assertThat(listener.interrupted).isFalse();
				assertThat(listener.ids).containsExactly("m-0");
			});
	}

	@Test
	void registryStopsAfterBootsGracefulShutdownAndBeforeTheClients() {
		int graceful = WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
		assertThat(graceful).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 1024);
		// stop runs from the highest phase down: graceful drain, then listeners, then clients
		assertThat(PubSubListenerEndpointRegistry.PHASE).isLessThan(graceful)
			.isGreaterThan(AbstractPubSubClient.PHASE);
		// and after the web server itself has started (it stops at DEFAULT_PHASE - 2048)
		assertThat(PubSubListenerEndpointRegistry.PHASE).isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 2048);
		assertThat(new PubSubListenerEndpointRegistry().getPhase()).isEqualTo(PubSubListenerEndpointRegistry.PHASE);
	}

	private static void deliver(LoopbackPubSubClient client, int count) {
		for (int i = 0; i < count; i++) {
			client.deliver("jobs", "run", String.valueOf(i), Map.of(PubSubHeaders.MESSAGE_ID, "m-" + i));
		}
	}

	private static long laneThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("pubsub-gateway-p"))
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	static class OneClient {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", false);
		}

	}

	static class OverlappingListener {

		final List<String> ids = new CopyOnWriteArrayList<>();

		@PubSubListener({ "orders.*", "orders.created", "orders.**", "orders.*" })
		void handle(@Header(PubSubHeaders.MESSAGE_ID) String id) {
			this.ids.add(id);
		}

	}

	static class ManyPatternsListener {

		final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

		final Set<String> threads = ConcurrentHashMap.newKeySet();

		@PubSubListener(id = "many", patterns = { "p1.*", "p2.*", "p3.*", "p4.**", "p5.*" },
				concurrency = "2", autoStartup = "false")
		void handle(PubSubMessage message) {
			this.threads.add(Thread.currentThread().getName());
			this.count.incrementAndGet();
		}

	}

	static class SlowListener {

		final CountDownLatch gate = new CountDownLatch(1);

		final CountDownLatch started = new CountDownLatch(1);

		final List<String> ids = new CopyOnWriteArrayList<>();

		final AtomicBoolean interrupted = new AtomicBoolean();

		volatile List<String> timeline = new CopyOnWriteArrayList<>();

		@PubSubListener("jobs.*")
		void handle(@Header(PubSubHeaders.MESSAGE_ID) String id) {
			this.started.countDown();
			try {
				this.gate.await(60, TimeUnit.SECONDS);
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				this.interrupted.set(true);
			}
			this.interrupted.compareAndSet(false, Thread.currentThread().isInterrupted());
			this.ids.add(id);
			this.timeline.add(id);
		}

	}

	/**
	 * Stands in for Boot's web server graceful shutdown: same phase, records when it stops.
	 */
	static class WebServerDrain implements SmartLifecycle {

		private final List<String> timeline;

		volatile Runnable onStop = () -> {
		};

		private volatile boolean running;

		WebServerDrain(List<String> timeline) {
			this.timeline = timeline;
		}

		@Override
		public void start() {
			this.running = true;
		}

		@Override
		public void stop() {
			this.timeline.add("web-server-drained");
			this.onStop.run();
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

		@Override
		public int getPhase() {
			return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
		}

	}

}
