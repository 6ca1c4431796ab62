package dev.pubsub.test.contract;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.system.CapturedOutput;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile server: garbage frames, frames over the client's limit, a flood of small messages, and large
 * deliveries while it does not read the client. In every case the client holds at most its inbound byte
 * budget plus one frame ({@link PubSubClientMetrics#inboundPeakBytes()}; coarsely, live heap growth),
 * its counters are exact, it logs at most a few lines per second, and it stays usable: a message published
 * afterwards is delivered. Clients use the default overflow policy (back-pressure), so nothing a well-formed
 * server sent may be lost.
 */
public abstract class HostileServerContractTests extends AbstractContractTests {

	/**
	 * How many garbage frames the server sends.
	 * @return the count
	 */
	protected int garbageFrames() {
		return 2_000;
	}

	/**
	 * How long the server floods.
	 * @return the duration, 15 s unless overridden
	 */
	protected Duration floodDuration() {
		return Duration.ofSeconds(15);
	}

	/**
	 * How many large deliveries the server sends while it does not read.
	 * @return the count
	 */
	protected int largeDeliveries() {
		return 80;
	}

	/**
	 * The size of each large delivery.
	 * @return bytes
	 */
	protected int largeDeliverySize() {
		return 200_000;
	}

	@Test
	public void garbageFramesAreCountedExactlyLoggedInAFewLinesAndTheClientKeepsDelivering(CapturedOutput output) {
		requirePoint(ContractPoint.GARBAGE_FRAMES);
		runner().run((context) -> {
			PubSubClient client = client(context);
			ReceivedIds received = new ReceivedIds(peer()::idOf);
			client.subscribe(peer().pattern(), received.handler());
			awaitSubscribed(client);
			publishAndAwait(received, List.of("before"));
			long malformedBefore = client.metrics().malformed();
			LogWindow log = LogWindow.start(output);
			int expected = peer().sendGarbage(garbageFrames());
			assertThat(expected).as("garbage frames the client must count").isPositive();
			await().atMost(PATIENCE).until(() -> client.metrics().malformed() - malformedBefore >= expected);
			awaitSubscribed(client);
			publishAndAwait(received, List.of("after"));
			assertThat(client.metrics().malformed() - malformedBefore).isEqualTo(expected);
			assertThat(received.multiset("")).isEqualTo(ReceivedIds.once(List.of("before", "after")));
			assertWithinBudget(client, peer().maxInboundMessageBytes());
			assertThat(log.clientWarnings()).as("client log lines for %d garbage frames", expected)
				.hasSizeLessThanOrEqualTo((int) log.allowance(2, 5));
		});
	}

	@Test
	public void oversizedFramesAreRefusedWithoutBufferingAndTheClientRecovers(CapturedOutput output) {
		requirePoint(ContractPoint.OVERSIZED_FRAMES);
		runner().run((context) -> {
			PubSubClient client = client(context);
			ReceivedIds received = new ReceivedIds(peer()::idOf);
			client.subscribe(peer().pattern(), received.handler());
			awaitSubscribed(client);
			publishAndAwait(received, List.of("before"));
			long malformedBefore = client.metrics().malformed();
			LogWindow log = LogWindow.start(output);
			int expected = peer().sendOversized(3);
			await().atMost(PATIENCE).until(() -> client.metrics().malformed() - malformedBefore >= expected);
			awaitSubscribed(client);
			publishAndAwait(received, List.of("after"));
			assertThat(client.metrics().malformed() - malformedBefore).isEqualTo(expected);
			assertThat(received.multiset("")).isEqualTo(ReceivedIds.once(List.of("before", "after")));
			assertWithinBudget(client, peer().maxInboundMessageBytes());
			assertThat(log.clientWarnings()).hasSizeLessThanOrEqualTo((int) log.allowance(2, 8));
		});
	}

	@Test
	public void aFloodIsDeliveredExactlyOnceWithinTheBudgetInAFewLogLines(CapturedOutput output) {
		requirePoint(ContractPoint.FLOOD);
		runner().run((context) -> {
			PubSubClient client = client(context);
			ReceivedIds received = new ReceivedIds(peer()::idOf);
			AtomicLong flooded = new AtomicLong();
			client.subscribe(peer().pattern(), (message) -> {
				received.add(message);
				flooded.incrementAndGet();
			});
			awaitSubscribed(client);
			publishAndAwait(received, List.of("before"));
			flooded.set(0);
			long receivedBefore = client.metrics().received();
			LogWindow log = LogWindow.start(output);
			long sent = peer().flood("f-", floodDuration(), flooded::get);
			assertThat(sent).as("messages the server flooded").isPositive();
			await().atMost(PATIENCE).until(() -> flooded.get() >= sent);
			awaitSubscribed(client);
			publishAndAwait(received, List.of("after"));
			assertThat(received.multiset("f-"))
				.isEqualTo(ReceivedIds.once(LongStream.range(0, sent).mapToObj((i) -> "f-" + i).toList()));
			assertThat(client.metrics().received() - receivedBefore).isEqualTo(sent + 1);
			assertThat(client.metrics().dropped()).isZero();
			assertThat(client.metrics().malformed()).isZero();
			assertWithinBudget(client, peer().maxInboundMessageBytes());
			assertThat(log.clientWarnings()).as("client log lines during a flood of %d messages", sent)
				.hasSizeLessThanOrEqualTo((int) log.allowance(2, 5));
		});
	}

	@Test
	public void largeDeliveriesWhileTheServerDoesNotReadAreBackPressuredWithinTheBudget(CapturedOutput output) {
		requirePoint(ContractPoint.LARGE_DELIVERIES_WHILE_NOT_READING);
		runner().run((context) -> {
			PubSubClient client = client(context);
			ReceivedIds received = new ReceivedIds(peer()::idOf);
			AtomicLong delivered = new AtomicLong();
			AtomicLong heapMidFlood = new AtomicLong();
			int count = largeDeliveries();
			client.subscribe(peer().pattern(), (message) -> {
				received.add(message);
				long seq = delivered.incrementAndGet();
				if (seq == count / 2) {
					// without a byte budget the client would have buffered most of the flood by now
					heapMidFlood.set(liveHeap());
				}
				// a slow consumer with one long stall, while the server keeps writing
				slowConsumer((seq == 2) ? 1_500 : 5);
			});
			awaitSubscribed(client);
			publishAndAwait(received, List.of("before"));
			delivered.set(0);
			long heapBefore = liveHeap();
			LogWindow log = LogWindow.start(output);
			int sent = peer().floodLarge("L-", count, largeDeliverySize(), delivered::get);
			assertThat(sent).isEqualTo(count);
			await().atMost(PATIENCE).until(() -> delivered.get() >= sent);
			awaitSubscribed(client);
			publishAndAwait(received, List.of("after"));
			assertThat(received.multiset("L-"))
				.isEqualTo(ReceivedIds.once(IntStream.range(0, sent).mapToObj((i) -> "L-" + i).toList()));
			assertThat(client.metrics().dropped()).isZero();
			assertThat(client.metrics().backPressureWaits()).as("the client waited for room in its budget")
				.isPositive();
			assertWithinBudget(client, largeDeliverySize() + 4_096L);
			assertThat(heapMidFlood.get() - heapBefore).as("live heap growth in the middle of the flood")
				.isLessThan(6 * budget());
			assertThat(log.clientWarnings()).hasSizeLessThanOrEqualTo((int) log.allowance(2, 5));
		});
	}

	/**
	 * Assert that the client never held more than its budget plus one frame, that its budget gauge reports
	 * the configured budget, and that everything it held was released.
	 * @param client the client
	 * @param oneFrame the largest single message it may hold on top of the budget
	 */
	protected final void assertWithinBudget(PubSubClient client, long oneFrame) {
		PubSubClientMetrics metrics = client.metrics();
		assertThat(metrics.inboundMaxBytes()).as("the client's budget gauge").isEqualTo(budget());
		assertThat(metrics.inboundPeakBytes()).as("the most bytes the client held at once")
			.isLessThanOrEqualTo(budget() + oneFrame + 1_024);
		await().atMost(PATIENCE).until(() -> metrics.inboundBufferedBytes() == 0);
	}

}
