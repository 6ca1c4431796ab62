package dev.pubsub.wsrpc.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of a {@link WsRpcEndpointHandler}.
 */
public final class WsRpcServerMetrics {

	private final AtomicInteger sessions = new AtomicInteger();

	private final LongAdder connections = new LongAdder();

	private final LongAdder malformedFrames = new LongAdder();

	private final LongAdder failedRequests = new LongAdder();

	private final LongAdder refusedRequests = new LongAdder();

	private final LongAdder slowConsumerDisconnects = new LongAdder();

	private final LongAdder oversizedFrameDisconnects = new LongAdder();

	private final LongAdder notificationsSent = new LongAdder();

	private final LongAdder firstMessageTimeouts = new LongAdder();

	private final LongAdder idleTimeouts = new LongAdder();

	void sessionOpened() {
		this.sessions.incrementAndGet();
		this.connections.increment();
	}

	void sessionClosed() {
		this.sessions.decrementAndGet();
	}

	void malformedFrame() {
		this.malformedFrames.increment();
	}

	void failedRequest() {
		this.failedRequests.increment();
	}

	void refusedRequest() {
		this.refusedRequests.increment();
	}

	void slowConsumerDisconnected() {
		this.slowConsumerDisconnects.increment();
	}

	void oversizedFrameDisconnected() {
		this.oversizedFrameDisconnects.increment();
	}

	void notificationSent() {
		this.notificationsSent.increment();
	}

	void firstMessageTimedOut() {
		this.firstMessageTimeouts.increment();
	}

	void idleTimedOut() {
		this.idleTimeouts.increment();
	}

	/**
	 * Return the number of open sessions.
	 * @return the count
	 */
	public int sessions() {
		return this.sessions.get();
	}

	/**
	 * Return the number of sessions ever opened.
	 * @return the count
	 */
	public long connections() {
		return this.connections.sum();
	}

	/**
	 * Return the number of frames that were not JSON or not an envelope (skipped).
	 * @return the count
	 */
	public long malformedFrames() {
		return this.malformedFrames.sum();
	}

	/**
	 * Return the number of requests answered with an error (unknown method, bad arguments).
	 * @return the count
	 */
	public long failedRequests() {
		return this.failedRequests.sum();
	}

	/**
	 * Return the number of subscribe or publish requests refused (authorizer or limit).
	 * @return the count
	 */
	public long refusedRequests() {
		return this.refusedRequests.sum();
	}

	/**
	 * Return the number of sessions closed with 1013 because their outbound queue went over its
	 * byte budget or a write to them took longer than the send time limit.
	 * @return the count
	 */
	public long slowConsumerDisconnects() {
		return this.slowConsumerDisconnects.sum();
	}

	/**
	 * Return the number of sessions closed with 1009 for sending a text message over the size
	 * limit.
	 * @return the count
	 */
	public long oversizedFrameDisconnects() {
		return this.oversizedFrameDisconnects.sum();
	}

	/**
	 * Return the number of notify calls sent to sessions.
	 * @return the count
	 */
	public long notificationsSent() {
		return this.notificationsSent.sum();
	}

	/**
	 * Return the number of sessions closed with 1008 for sending nothing within the first-message
	 * timeout.
	 * @return the count
	 */
	public long firstMessageTimeouts() {
		return this.firstMessageTimeouts.sum();
	}

	/**
	 * Return the number of sessions closed with 1001 for staying silent for the idle timeout.
	 * @return the count
	 */
	public long idleTimeouts() {
		return this.idleTimeouts.sum();
	}

}
