package dev.pubsub.emitter;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Holds back the acceptance of an acknowledged QoS 1 publish or subscribe until every message the
 * broker wrote before its PUBACK or SUBACK has been handled, so that an {@code emitter/error/}
 * message for the same packet fails the operation instead of arriving after it was reported as
 * accepted.
 * <p>
 * The Emitter broker writes the error before the acknowledgement on the same connection, and Paho's
 * receiver thread queues both in that order, but Paho's callback thread takes a queued completion
 * before each queued message. So when an acknowledgement is handled, this counts the messages still
 * queued ahead of it (all of them were received before it) and runs the acceptance once that many
 * more messages have been handled. An error that arrives meanwhile takes the operation out with
 * {@link #takeHeld(int)}; acceptance then finds it gone. One instance per MQTT connection: it counts
 * that connection's callback thread.
 *
 * @param <T> what an operation is to its owner
 */
final class WireOrder<T> {

	private final IntSupplier queuedMessages;

	private final Deque<Held<T>> held = new ArrayDeque<>();

	private long handled;

	/**
	 * Create an instance.
	 * @param queuedMessages how many received messages wait for the callback thread ({@code -1} when
	 * unknown: acceptance then runs at once)
	 */
	WireOrder(IntSupplier queuedMessages) {
		this.queuedMessages = queuedMessages;
	}

	/**
	 * An acknowledgement arrived: run {@code accept} now if no received message waits, or after the
	 * messages that wait.
	 * @param packetId the packet id of the acknowledged operation
	 * @param operation what {@code accept} completes, handed back by {@link #takeHeld(int)}
	 * @param accept completes the operation as accepted
	 */
	void acknowledged(int packetId, T operation, Runnable accept) {
		synchronized (this) {
			int queued = this.queuedMessages.getAsInt();
			if (queued > 0) {
				this.held.add(new Held<>(this.handled + queued, packetId, operation, accept));
				return;
			}
		}
		accept.run();
	}

	/**
	 * Take out the oldest held operation of a packet id (an error message for it arrived).
	 * @param packetId the packet id the error names
	 * @return the operation passed to {@link #acknowledged}, or {@code null} if none is held
	 */
	synchronized @Nullable T takeHeld(int packetId) {
		for (Iterator<Held<T>> iterator = this.held.iterator(); iterator.hasNext();) {
			Held<T> candidate = iterator.next();
			if (candidate.packetId() == packetId) {
				iterator.remove();
				return candidate.operation();
			}
		}
		return null;
	}

	/**
	 * One received message was handled: accept the operations that no longer wait for any.
	 */
	void messageHandled() {
		List<Runnable> ready = new ArrayList<>();
		synchronized (this) {
			this.handled++;
			while (!this.held.isEmpty() && this.held.peekFirst().after() <= this.handled) {
				ready.add(this.held.pollFirst().accept());
			}
		}
		ready.forEach(Runnable::run);
	}

	/**
	 * No more messages will come from this connection and all it received was handled: accept every
	 * held operation.
	 */
	void acceptAll() {
		List<Runnable> ready = new ArrayList<>();
		synchronized (this) {
			while (!this.held.isEmpty()) {
				ready.add(this.held.pollFirst().accept());
			}
		}
		ready.forEach(Runnable::run);
	}

	/**
	 * The connection closed before what it had received could be handled: return every held
	 * operation, which must then be failed.
	 * @return the operations passed to {@link #acknowledged}
	 */
	synchronized List<T> abandon() {
		List<T> abandoned = new ArrayList<>();
		while (!this.held.isEmpty()) {
			abandoned.add(this.held.pollFirst().operation());
		}
		return abandoned;
	}

	private record Held<T>(long after, int packetId, T operation, Runnable accept) {
	}

}
