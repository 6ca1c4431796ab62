package dev.pubsub.emitter;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WireOrder} with a queue whose length the test sets, as Paho's inbound queue would be.
 */
class WireOrderTests {

	private final AtomicInteger queued = new AtomicInteger();

	private final WireOrder<String> order = new WireOrder<>(this.queued::get);

	private final List<String> accepted = new CopyOnWriteArrayList<>();

	private void acknowledge(int packetId, String operation) {
		this.order.acknowledged(packetId, operation, () -> this.accepted.add(operation));
	}

	private void handleOneMessage() {
		this.queued.decrementAndGet();
		this.order.messageHandled();
	}

	@Test
	void acceptsAtOnceWhenNoMessageWaits() {
		acknowledge(1, "a");
		assertThat(this.accepted).containsExactly("a");
	}

	@Test
	void acceptsWhenUnknownHowManyMessagesWait() {
		this.queued.set(-1);
		acknowledge(1, "a");
		assertThat(this.accepted).containsExactly("a");
	}

	@Test
	void waitsForTheMessagesQueuedAheadOfTheAcknowledgement() {
		this.queued.set(2);
		acknowledge(1, "a");
		this.queued.incrementAndGet(); // arrived after the acknowledgement
		acknowledge(2, "b");
		assertThat(this.accepted).isEmpty();
		handleOneMessage();
		assertThat(this.accepted).isEmpty();
		handleOneMessage();
		assertThat(this.accepted).containsExactly("a");
		handleOneMessage();
		assertThat(this.accepted).containsExactly("a", "b");
	}

	@Test
	void anErrorTakesTheHeldOperationSoItIsNeverAccepted() {
		this.queued.set(1);
		acknowledge(7, "refused");
		assertThat(this.order.takeHeld(8)).isNull();
		assertThat(this.order.takeHeld(7)).isEqualTo("refused");
		handleOneMessage();
		assertThat(this.accepted).isEmpty();
		assertThat(this.order.takeHeld(7)).isNull();
	}

	@Test
	void aReusedPacketIdFailsTheOlderOperationFirst() {
		this.queued.set(1);
		acknowledge(5, "older");
		acknowledge(5, "newer");
		assertThat(this.order.takeHeld(5)).isEqualTo("older");
		handleOneMessage();
		assertThat(this.accepted).containsExactly("newer");
	}

	@Test
	void acceptAllAndAbandonEmptyTheHeldOperations() {
		this.queued.set(3);
		acknowledge(1, "a");
		acknowledge(2, "b");
		this.order.acceptAll();
		assertThat(this.accepted).containsExactly("a", "b");
		acknowledge(3, "c");
		assertThat(this.order.abandon()).containsExactly("c");
		this.queued.set(0);
		this.order.messageHandled();
		assertThat(this.accepted).containsExactly("a", "b");
	}

}
