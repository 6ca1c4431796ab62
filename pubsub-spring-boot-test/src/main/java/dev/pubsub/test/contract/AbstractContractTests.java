package dev.pubsub.test.contract;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

import dev.pubsub.autoconfigure.EmitterAutoConfiguration;
import dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration;
import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration;
import dev.pubsub.autoconfigure.RealtimeXAutoConfiguration;
import dev.pubsub.autoconfigure.WsRpcAutoConfiguration;
import dev.pubsub.core.PubSubClient;

import static org.awaitility.Awaitility.await;

/**
 * What every contract test class shares: one {@link ContractPeer} per test, started before and stopped
 * after it, and clients built only through the starter's auto-configuration and the
 * {@code pubsub.clients.<name>.*} properties, in an {@link ApplicationContextRunner}. The client is named
 * {@value #CLIENT}; its inbound byte budget is {@link #budget()} (4 MiB unless overridden), set through
 * {@code pubsub.clients.<name>.inbound.max-buffered-bytes}.
 * <p>
 * Subclasses implement {@link #createPeer()}. Log output is captured with Boot's
 * {@link OutputCaptureExtension}. The kit's test methods are public so that a provider can override one to
 * mark a known client bug with {@code @Disabled("bug: ...")} (calling {@code super}); a point the provider
 * cannot meet by design is declared with {@link ContractPeer#limitation(ContractPoint)} instead.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractContractTests {

	/** The name of the client under test (its {@code pubsub.clients.<name>} key and bean name). */
	public static final String CLIENT = "contract";

	/** The prefix of the client's properties. */
	protected static final String PREFIX = "pubsub.clients." + CLIENT + ".";

	/** How long the kit waits for anything that should happen, generous for a loaded 2-core CI machine. */
	protected static final Duration PATIENCE = Duration.ofSeconds(60);

	private @Nullable ContractPeer peer;

	/**
	 * Create the server of the provider under test, not started.
	 * @return the peer
	 */
	protected abstract ContractPeer createPeer();

	/**
	 * The client's inbound byte budget ({@code inbound.max-buffered-bytes}). Small, so that the hostile
	 * tests reach it quickly.
	 * @return bytes
	 */
	protected long budget() {
		return 4L * 1024 * 1024;
	}

	/**
	 * The auto-configurations the client is built with: the starter's core and the five providers'. A
	 * user's own provider adds its own.
	 * @return the auto-configurations
	 */
	protected AutoConfigurations autoConfigurations() {
		return AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
				RealtimeXAutoConfiguration.class, HttpPubSubAutoConfiguration.class, EmitterAutoConfiguration.class,
				WsRpcAutoConfiguration.class);
	}

	/**
	 * Creates the application context the client runs in: a plain one unless overridden (a provider whose
	 * client receives through the application's own web server returns a servlet web server context, and
	 * adds the web server's auto-configurations in {@link #autoConfigurations()}).
	 * @return the context factory
	 */
	protected Supplier<ConfigurableApplicationContext> contextFactory() {
		return AnnotationConfigApplicationContext::new;
	}

	@BeforeEach
	final void startPeer() {
		ContractPeer created = createPeer();
		created.start();
		this.peer = created;
	}

	@AfterEach
	final void stopPeer() {
		ContractPeer running = this.peer;
		this.peer = null;
		if (running != null) {
			running.stop();
		}
	}

	/**
	 * The running peer of the current test.
	 * @return the peer
	 */
	protected final ContractPeer peer() {
		ContractPeer running = this.peer;
		if (running == null) {
			throw new IllegalStateException("No peer is running");
		}
		return running;
	}

	/**
	 * Abort the current test, with the provider's reason, if the provider declared that it cannot meet the
	 * point by design (see {@link ContractPeer#limitation(ContractPoint)}).
	 * @param point the contract point the test asserts
	 */
	protected final void requirePoint(ContractPoint point) {
		String reason = peer().limitation(point);
		Assumptions.assumeTrue(reason == null,
				() -> getClass().getName() + " declares that it does not meet " + point + ": " + reason);
	}

	/**
	 * A context runner with the client's connection properties from the peer, the byte budget, and a fast
	 * reconnect policy (20 ms doubling to 200 ms, no jitter), which tests may override with further
	 * properties.
	 * @param properties further properties, {@code key=value}
	 * @return the runner
	 */
	protected ApplicationContextRunner runner(String... properties) {
		Map<String, Object> all = new LinkedHashMap<>(peer().clientProperties(CLIENT));
		all.put(PREFIX + "inbound.max-buffered-bytes", budget() + "B");
		all.put(PREFIX + "reconnect.initial-delay", "20ms");
		all.put(PREFIX + "reconnect.max-delay", "200ms");
		all.put(PREFIX + "reconnect.multiplier", "2.0");
		all.put(PREFIX + "reconnect.jitter", "0");
		String[] pairs = all.entrySet().stream().map((entry) -> entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
		return new ApplicationContextRunner(contextFactory()).withConfiguration(autoConfigurations())
			.withPropertyValues(pairs)
			.withPropertyValues(properties);
	}

	/**
	 * The client under test in a context built by {@link #runner(String...)}.
	 * @param context the context
	 * @return the client
	 */
	protected static PubSubClient client(ApplicationContext context) {
		return context.getBean(CLIENT, PubSubClient.class);
	}

	/**
	 * Wait until the client is connected and the server holds its subscription.
	 * @param client the client
	 */
	protected final void awaitSubscribed(PubSubClient client) {
		await().atMost(PATIENCE).until(() -> client.isConnected() && peer().hasSubscriber());
	}

	/**
	 * Publish each id from the server and wait until all arrived.
	 * @param received what the client's handler recorded
	 * @param ids the ids
	 */
	protected final void publishAndAwait(ReceivedIds received, Collection<String> ids) {
		ids.forEach(peer()::publish);
		await().atMost(PATIENCE).until(() -> received.containsAll(ids));
	}

	/**
	 * The live heap after a full collection: a coarse measure, used only with a wide margin.
	 * @return bytes
	 */
	protected static long liveHeap() {
		System.gc();
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

	/**
	 * Sleep in a message handler, to make a slow consumer (never used to wait for a result).
	 * @param millis how long
	 */
	protected static void slowConsumer(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
