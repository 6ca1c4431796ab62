package dev.pubsub.core.support;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the clients the auto-configuration creates take their thread settings from the
 * environment: {@code spring.threads.virtual.enabled} (virtual threads on Java 21 and later, as Boot's
 * own executors) and {@code pubsub.clients.<name>.callback-threads}. Lives in the support package to
 * reach the client's protected executors.
 */
class ClientThreadsAutoConfigurationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class))
		.withPropertyValues("pubsub.clients.gateway.type=realtime", "pubsub.clients.gateway.auto-connect=false",
				"pubsub.clients.gateway.realtime.url=ws://127.0.0.1:1", "pubsub.clients.gateway.realtime.app-id=app-1",
				"pubsub.clients.gateway.realtime.access-token=token",
				"pubsub.clients.gateway.reconnect.enabled=false");

	@Test
	void callbackThreadsBoundTheCallbackPool() {
		this.contextRunner.withPropertyValues("pubsub.clients.gateway.callback-threads=3").run((context) -> {
			AbstractPubSubClient client = context.getBean("gateway", AbstractPubSubClient.class);
			assertThat(((ThreadPoolExecutor) client.callbackExecutor()).getMaximumPoolSize()).isEqualTo(3);
		});
		this.contextRunner.run((context) -> {
			AbstractPubSubClient client = context.getBean("gateway", AbstractPubSubClient.class);
			assertThat(((ThreadPoolExecutor) client.callbackExecutor()).getMaximumPoolSize())
				.isEqualTo(AbstractPubSubClient.DEFAULT_CALLBACK_THREADS);
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void withVirtualThreadsEnabledCallbacksAndEventsRunOnVirtualThreads() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			AbstractPubSubClient client = context.getBean("gateway", AbstractPubSubClient.class);
			Thread callback = client.callbackExecutor().submit(Thread::currentThread).get(30, TimeUnit.SECONDS);
			assertThat(ClientExecutorsTests.isVirtual(callback)).isTrue();
			assertThat(eventThreads(client).stream().allMatch(ClientThreadsAutoConfigurationTests::isVirtual))
				.isTrue();
		});
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void beforeJava21VirtualThreadsEnabledKeepsPlatformThreads() {
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			assertThat(context).hasNotFailed();
			AbstractPubSubClient client = context.getBean("gateway", AbstractPubSubClient.class);
			Thread callback = client.callbackExecutor().submit(Thread::currentThread).get(30, TimeUnit.SECONDS);
			assertThat(callback.isDaemon()).isTrue();
			assertThat(callback.getName()).startsWith("pubsub-gateway-callbacks-");
			assertThat(eventThreads(client)).allSatisfy((thread) -> assertThat(thread.getName())
				.startsWith("pubsub-gateway-events-"));
		});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void withoutThePropertyThreadsArePlatformThreads() {
		this.contextRunner.run((context) -> {
			AbstractPubSubClient client = context.getBean("gateway", AbstractPubSubClient.class);
			Thread callback = client.callbackExecutor().submit(Thread::currentThread).get(30, TimeUnit.SECONDS);
			assertThat(ClientExecutorsTests.isVirtual(callback)).isFalse();
			assertThat(callback.getName()).startsWith("pubsub-gateway-callbacks-");
		});
	}

	/**
	 * Connect to a closed port: the client fires CONNECTING and ERROR events on its event thread and
	 * gives up (reconnect disabled). Returns the threads the events were delivered on.
	 */
	private static List<Thread> eventThreads(AbstractPubSubClient client) {
		List<Thread> threads = new CopyOnWriteArrayList<>();
		client.addConnectionListener((event) -> threads.add(Thread.currentThread()));
		client.connect();
		await().atMost(WAIT).until(() -> threads.size() >= 2);
		return threads;
	}

	private static boolean isVirtual(Thread thread) {
		try {
			return ClientExecutorsTests.isVirtual(thread);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
