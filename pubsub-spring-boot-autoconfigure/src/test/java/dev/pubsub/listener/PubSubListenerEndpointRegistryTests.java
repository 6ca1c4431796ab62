package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.SmartLifecycle;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.support.AbstractPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Unit tests for {@link PubSubListenerEndpointRegistry} without an application context: unique
 * ids, which containers start with the registry and when, pause and resume of all containers, and
 * the lifecycle phase between the web server's graceful shutdown and the clients.
 */
class PubSubListenerEndpointRegistryTests {

	private final LoopbackPubSubClient client = new LoopbackPubSubClient("gateway", false);

	private final PubSubListenerEndpointRegistry registry = new PubSubListenerEndpointRegistry();

	private final PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory(
			new PubSubMessageHandlerMethodFactory(new DefaultListableBeanFactory()));

	private final List<String> received = new CopyOnWriteArrayList<>();

	@AfterEach
	void stop() {
		this.registry.destroy();
		this.client.destroy();
	}

	@Test
	void idsAreUniqueAndTheFailureNamesTheMethodHoldingTheId() {
		this.registry.registerListenerContainer(endpoint("jobs", "jobs.*", null), this.client, this.factory,
				(message, failure) -> null);
		assertThatIllegalStateException()
			.isThrownBy(() -> this.registry.registerListenerContainer(endpoint("jobs", "other.*", null), this.client,
					this.factory, (message, failure) -> null))
			.withMessage("Another @PubSubListener is already registered with id 'jobs' (" + Listener.class.getName()
					+ ".onMessage(PubSubMessage)); ids must be unique");
		assertThat(this.registry.getListenerContainerIds()).containsExactly("jobs");
		assertThat(this.registry.getListenerContainer("jobs").getEndpoint().patterns()).containsExactly("jobs.*");
		assertThat(this.registry.getListenerContainer("other")).isNull();
	}

	@Test
	void startStartsTheAutoStartupContainersAndLaterOnesAtRegistration() {
		PubSubListenerContainer auto = register("auto", "auto.*", null);
		PubSubListenerContainer manual = register("manual", "manual.*", false);
		assertThat(this.registry.isRunning()).isFalse();
		assertThat(auto.isRunning()).isFalse();
		this.registry.start();
		assertThat(this.registry.isRunning()).isTrue();
		assertThat(auto.isRunning()).isTrue();
		assertThat(manual.isRunning()).isFalse();
		PubSubListenerContainer late = register("late", "late.*", null);
		PubSubListenerContainer lateManual = register("lateManual", "lateManual.*", false);
		assertThat(late.isRunning()).isTrue();
		assertThat(lateManual.isRunning()).isFalse();
		assertThat(this.registry.getListenerContainers()).containsExactly(auto, manual, late, lateManual);
		this.client.deliver("late", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "l-1"));
		await().until(() -> this.received.contains("late:l-1"));
	}

	@Test
	void stopStopsEveryContainerAndCallsBackWhenAllDrained() {
		PubSubListenerContainer first = register("first", "first.*", null);
		PubSubListenerContainer second = register("second", "second.*", null);
		this.registry.start();
		List<String> callbacks = new CopyOnWriteArrayList<>();
		this.registry.stop(() -> callbacks.add("stopped"));
		await().until(() -> callbacks.contains("stopped"));
		assertThat(this.registry.isRunning()).isFalse();
		assertThat(first.isRunning()).isFalse();
		assertThat(second.isRunning()).isFalse();
		// stopped: a container registered now waits for the next start
		assertThat(register("after", "after.*", null).isRunning()).isFalse();
		this.registry.start();
		this.registry.stop();
		assertThat(first.isRunning()).isFalse();
		assertThat(callbacks).containsExactly("stopped");
	}

	@Test
	void destroyStopsEveryContainer() {
		PubSubListenerContainer first = register("first", "first.*", null);
		PubSubListenerContainer second = register("second", "second.*", null);
		this.registry.start();
		assertThat(first.isRunning()).isTrue();
		this.registry.destroy();
		assertThat(this.registry.isRunning()).isFalse();
		assertThat(first.isRunning()).isFalse();
		assertThat(second.isRunning()).isFalse();
	}

	@Test
	void pauseAndResumeReachEveryContainer() {
		PubSubListenerContainer first = register("first", "first.*", null);
		PubSubListenerContainer second = register("second", "second.*", null);
		this.registry.start();
		this.registry.pause();
		assertThat(first.isPaused()).isTrue();
		assertThat(second.isPaused()).isTrue();
		this.client.deliver("first", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "p-1"));
		await().until(() -> first.heldWhilePaused() == 1);
		assertThat(this.received).isEmpty();
		this.registry.resume();
		assertThat(first.isPaused()).isFalse();
		assertThat(second.isPaused()).isFalse();
		await().until(() -> this.received.contains("first:p-1"));
		assertThat(first.heldWhilePaused()).isZero();
	}

	@Test
	void theRegistryStopsBeforeTheClientsAndAfterTheWebServersGracefulShutdown() {
		assertThat(this.registry.getPhase()).isEqualTo(PubSubListenerEndpointRegistry.PHASE)
			.isEqualTo(SmartLifecycle.DEFAULT_PHASE - 1536)
			.isLessThan(SmartLifecycle.DEFAULT_PHASE - 1024)
			.isGreaterThan(AbstractPubSubClient.PHASE);
	}

	private PubSubListenerContainer register(String id, String pattern, Boolean autoStartup) {
		return this.registry.registerListenerContainer(endpoint(id, pattern, autoStartup), this.client, this.factory,
				(message, failure) -> null);
	}

	private PubSubListenerEndpoint endpoint(String id, String pattern, Boolean autoStartup) {
		Method method;
		try {
			method = Listener.class.getDeclaredMethod("onMessage", PubSubMessage.class);
		}
		catch (NoSuchMethodException ex) {
			throw new IllegalStateException(ex);
		}
		return new PubSubListenerEndpoint(id, List.of(pattern), null, new Listener(id, this.received), "listener",
				method, null, autoStartup, null, null);
	}

	record Listener(String id, List<String> received) {

		void onMessage(PubSubMessage message) {
			this.received.add(this.id + ":" + message.headers().get(PubSubHeaders.MESSAGE_ID));
		}

	}

}
