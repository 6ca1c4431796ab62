package dev.pubsub.test.contract;

import java.util.List;
import java.util.stream.IntStream;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.SubscribeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners: a message that matches both overlapping patterns of one multi-pattern subscription, or of one
 * {@code @PubSubListener}, is delivered once; and closing the application context either drains every
 * queued message within {@code pubsub.listener.shutdown-timeout} or counts each one left in
 * {@link PubSubClientMetrics#discardedOnShutdown()}: handled plus discarded equals received, exactly.
 */
public abstract class ListenerContractTests extends AbstractContractTests {

	/** How many messages the shutdown tests queue. */
	protected static final int QUEUED = 30;

	@Test
	public void aMultiPatternSubscriptionDeliversAMessageMatchingBothPatternsOnce() {
		requirePoint(ContractPoint.OVERLAPPING_PATTERNS);
		runner().run((context) -> {
			PubSubClient client = client(context);
			ReceivedIds received = new ReceivedIds(peer()::idOf);
			client.subscribe(peer().overlappingPatterns(), received.handler(),
					SubscribeOptions.defaults());
			awaitSubscribed(client);
			List<String> ids = List.of("o-1", "o-2", "o-3", "o-4", "o-5");
			publishAndAwait(received, ids);
			publishAndAwait(received, List.of("end"));
			assertThat(received.list()).containsExactly("o-1", "o-2", "o-3", "o-4", "o-5", "end");
		});
	}

	@Test
	public void aListenerWithOverlappingPatternsReceivesEachMessageOnce() {
		requirePoint(ContractPoint.OVERLAPPING_PATTERNS);
		ReceivedIds received = new ReceivedIds(peer()::idOf);
		listenerRunner(received, 0, "10s", peer().overlappingPatterns()).run((context) -> {
			PubSubClient client = client(context);
			awaitSubscribed(client);
			publishAndAwait(received, List.of("o-1", "o-2", "o-3", "o-4", "o-5"));
			publishAndAwait(received, List.of("end"));
			assertThat(received.list()).containsExactly("o-1", "o-2", "o-3", "o-4", "o-5", "end");
		});
	}

	@Test
	public void closingTheContextDrainsEveryQueuedMessageWithinTheShutdownTimeout() {
		requirePoint(ContractPoint.SHUTDOWN_DRAIN);
		ReceivedIds received = new ReceivedIds(peer()::idOf);
		PubSubClientMetrics[] metrics = new PubSubClientMetrics[1];
		listenerRunner(received, 20, "30s", List.of(peer().pattern(), peer().pattern())).run((context) -> {
			PubSubClient client = client(context);
			metrics[0] = client.metrics();
			awaitSubscribed(client);
			queue(client);
			context.close();
		});
		assertThat(received.multiset("q-")).isEqualTo(ReceivedIds.once(ids()));
		assertThat(metrics[0].discardedOnShutdown()).isZero();
	}

	@Test
	public void closingTheContextCountsEveryQueuedMessageItCouldNotDrain() {
		requirePoint(ContractPoint.SHUTDOWN_DRAIN);
		ReceivedIds received = new ReceivedIds(peer()::idOf);
		PubSubClientMetrics[] metrics = new PubSubClientMetrics[1];
		listenerRunner(received, 200, "300ms", List.of(peer().pattern(), peer().pattern())).run((context) -> {
			PubSubClient client = client(context);
			metrics[0] = client.metrics();
			awaitSubscribed(client);
			queue(client);
			context.close();
		});
		long discarded = metrics[0].discardedOnShutdown();
		assertThat(discarded).as("messages left when the shutdown timeout passed").isPositive();
		// in order, without loss: the handled ones are a prefix, the rest were counted
		assertThat(received.list()).containsExactlyElementsOf(ids().subList(0, received.size()));
		assertThat(received.size() + discarded).isEqualTo(QUEUED);
	}

	/**
	 * Publish {@value #QUEUED} messages and wait until the client received all of them, so they are queued
	 * for (or being handled by) the slow listener.
	 */
	private void queue(PubSubClient client) {
		long before = client.metrics().received();
		ids().forEach(peer()::publish);
		try {
			await().atMost(PATIENCE).until(() -> client.metrics().received() - before >= QUEUED);
		}
		catch (ConditionTimeoutException ex) {
			throw new AssertionError("The client received " + (client.metrics().received() - before) + " of the "
					+ QUEUED + " messages published within " + PATIENCE + " (client: connected " + client.isConnected()
					+ ", unrouted " + client.metrics().unrouted() + ", dropped " + client.metrics().dropped()
					+ ", malformed " + client.metrics().malformed() + "; server: " + peer().describe() + ")", ex);
		}
	}

	private static List<String> ids() {
		return IntStream.range(0, QUEUED).mapToObj((i) -> "q-" + i).toList();
	}

	private ApplicationContextRunner listenerRunner(ReceivedIds received, long handlerMillis, String shutdownTimeout,
			List<String> patterns) {
		assertThat(patterns).hasSize(2);
		return runner("contract-kit.pattern-a=" + patterns.get(0), "contract-kit.pattern-b=" + patterns.get(1),
				"pubsub.listener.shutdown-timeout=" + shutdownTimeout)
			.withBean(ContractListener.class, () -> new ContractListener(received, handlerMillis));
	}

}
