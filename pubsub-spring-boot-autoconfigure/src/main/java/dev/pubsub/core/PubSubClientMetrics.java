package dev.pubsub.core;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Counters of one client, readable without Micrometer and exported as Micrometer meters when it is
 * present.
 */
public final class PubSubClientMetrics {

	private final LongAdder received = new LongAdder();

	private final LongAdder published = new LongAdder();

	private final LongAdder dropped = new LongAdder();

	private final LongAdder malformed = new LongAdder();

	private final LongAdder unrouted = new LongAdder();

	private final LongAdder listenerErrors = new LongAdder();

	private final LongAdder reconnects = new LongAdder();

	private final LongAdder unmatchedResponses = new LongAdder();

	private final LongAdder connectFailures = new LongAdder();

	private final LongAdder discardedOnShutdown = new LongAdder();

	private final LongAdder backPressureWaits = new LongAdder();

	private final LongAdder sendLimitCloses = new LongAdder();

	private volatile LongSupplier inboundBufferedBytes = () -> 0;

	private volatile LongSupplier inboundPeakBytes = () -> 0;

	private volatile long inboundMaxBytes;

	private final LongAdder listenerRetries = new LongAdder();

	private final LongAdder listenerRecoveries = new LongAdder();

	private final LongAdder listenerRecoveryFailures = new LongAdder();

	public void messageReceived() {
		this.received.increment();
	}

	public void messagePublished() {
		this.published.increment();
	}

	public void messageDropped() {
		this.dropped.increment();
	}

	public void malformedFrame() {
		this.malformed.increment();
	}

	public void messageUnrouted() {
		this.unrouted.increment();
	}

	public void listenerError() {
		this.listenerErrors.increment();
	}

	/**
	 * A failed listener invocation is attempted again after its back-off.
	 */
	public void listenerRetried() {
		this.listenerRetries.increment();
	}

	/**
	 * A message whose listener failed for good was handed to the recoverer, which completed.
	 */
	public void listenerRecovered() {
		this.listenerRecoveries.increment();
	}

	/**
	 * The recoverer threw for a message whose listener failed for good: the message is lost.
	 */
	public void listenerRecoveryFailed() {
		this.listenerRecoveryFailures.increment();
	}

	/** @return listener invocations attempted again after a failure */
	public long listenerRetries() {
		return this.listenerRetries.sum();
	}

	/** @return messages handed to a recoverer (logged and discarded, dead-lettered, ...) */
	public long listenerRecoveries() {
		return this.listenerRecoveries.sum();
	}

	/** @return messages whose recoverer failed, so they were lost */
	public long listenerRecoveryFailures() {
		return this.listenerRecoveryFailures.sum();
	}

	public void reconnected() {
		this.reconnects.increment();
	}

	public void unmatchedResponse() {
		this.unmatchedResponses.increment();
	}

	public void connectFailed() {
		this.connectFailures.increment();
	}

	/**
	 * A WebSocket session was closed because a send exceeded the client's {@code send-time-limit} or
	 * {@code send-buffer-limit}.
	 */
	public void sendLimitClosed() {
		this.sendLimitCloses.increment();
	}

	/**
	 * WebSocket sessions closed because a send exceeded the client's {@code send-time-limit} or
	 * {@code send-buffer-limit} (the client reconnects after each).
	 * @return the number of closes
	 */
	public long sendLimitCloses() {
		return this.sendLimitCloses.sum();
	}

	public void messageDiscardedOnShutdown() {
		this.discardedOnShutdown.increment();
	}

	/**
	 * Publish the inbound byte budget's current and peak use (called once by the budget; read when
	 * the metrics are read, so the budget's hot path writes nothing here).
	 * @param current the bytes reserved now
	 * @param peak the most bytes reserved at once
	 */
	public void inboundBuffered(LongSupplier current, LongSupplier peak) {
		this.inboundBufferedBytes = current;
		this.inboundPeakBytes = peak;
	}

	/**
	 * Publish the inbound byte budget's size (called by the budget).
	 * @param maxBytes the budget
	 */
	public void inboundBudget(long maxBytes) {
		this.inboundMaxBytes = maxBytes;
	}

	/**
	 * Count one wait of the network thread for room (back-pressure).
	 */
	public void backPressureWait() {
		this.backPressureWaits.increment();
	}

	/**
	 * Bytes of inbound messages queued for or being handled by this client's handlers now (payload
	 * sizes plus a fixed overhead per message).
	 * @return bytes
	 */
	public long inboundBufferedBytes() {
		return this.inboundBufferedBytes.getAsLong();
	}

	/**
	 * The most bytes of inbound messages held at once since the client was created.
	 * @return bytes
	 */
	public long inboundPeakBytes() {
		return this.inboundPeakBytes.getAsLong();
	}

	/**
	 * The client's inbound byte budget.
	 * @return bytes
	 */
	public long inboundMaxBytes() {
		return this.inboundMaxBytes;
	}

	/**
	 * Times the network thread waited for room because the inbound budget or a queue was full.
	 * @return the number of waits
	 */
	public long backPressureWaits() {
		return this.backPressureWaits.sum();
	}

	/**
	 * Messages that were queued for a handler when its subscription stopped and were not handled
	 * within the shutdown timeout, or that arrived while it was stopping.
	 * @return the number of messages discarded on shutdown
	 */
	public long discardedOnShutdown() {
		return this.discardedOnShutdown.sum();
	}

	/** @return connection attempts that failed (refused credentials included) */
	public long connectFailures() {
		return this.connectFailures.sum();
	}

	/** @return messages received and decoded */
	public long received() {
		return this.received.sum();
	}

	/** @return messages published */
	public long published() {
		return this.published.sum();
	}

	/** @return messages dropped by a full dispatch queue */
	public long dropped() {
		return this.dropped.sum();
	}

	/** @return frames that could not be decoded and were skipped */
	public long malformed() {
		return this.malformed.sum();
	}

	/** @return messages no subscription matched */
	public long unrouted() {
		return this.unrouted.sum();
	}

	/** @return listener invocations that threw */
	public long listenerErrors() {
		return this.listenerErrors.sum();
	}

	/** @return successful reconnects */
	public long reconnects() {
		return this.reconnects.sum();
	}

	/** @return acks, replies or responses that matched no pending request */
	public long unmatchedResponses() {
		return this.unmatchedResponses.sum();
	}

}
