package dev.pubsub.httppubsub;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of what one client's receive and recover endpoints accepted and refused.
 */
public final class HttpPubSubInboundMetrics {

	private final AtomicLong delivered = new AtomicLong();

	private final AtomicLong unrouted = new AtomicLong();

	private final AtomicLong unauthorized = new AtomicLong();

	private final AtomicLong forbidden = new AtomicLong();

	private final AtomicLong malformed = new AtomicLong();

	private final AtomicLong tooLarge = new AtomicLong();

	private final AtomicLong unsupportedMediaType = new AtomicLong();

	private final AtomicLong missed = new AtomicLong();

	private final AtomicLong timedOut = new AtomicLong();

	void refused(int status) {
		switch (status) {
			case 401 -> this.unauthorized.incrementAndGet();
			case 403 -> this.forbidden.incrementAndGet();
			case 408 -> this.timedOut.incrementAndGet();
			case 413 -> this.tooLarge.incrementAndGet();
			case 415 -> this.unsupportedMediaType.incrementAndGet();
			default -> this.malformed.incrementAndGet();
		}
	}

	void countDelivered() {
		this.delivered.incrementAndGet();
	}

	void countUnrouted() {
		this.unrouted.incrementAndGet();
	}

	void missed() {
		this.missed.incrementAndGet();
	}

	/** @return messages handed to subscriptions */
	public long delivered() {
		return this.delivered.get();
	}

	/** @return messages no subscription matched (answered with unsubscribe-immediate) */
	public long unrouted() {
		return this.unrouted.get();
	}

	/** @return requests refused with 401 */
	public long unauthorized() {
		return this.unauthorized.get();
	}

	/** @return requests refused with 403 (wrong, stale or replayed authorization) */
	public long forbidden() {
		return this.forbidden.get();
	}

	/** @return requests refused with 400 (malformed body, wrong digest or length) */
	public long malformed() {
		return this.malformed.get();
	}

	/** @return requests refused with 413 */
	public long tooLarge() {
		return this.tooLarge.get();
	}

	/** @return requests refused with 415 */
	public long unsupportedMediaType() {
		return this.unsupportedMediaType.get();
	}

	/** @return missed notices accepted */
	public long missedNotices() {
		return this.missed.get();
	}

	/** @return requests cut off because their body did not arrive within the receive timeout */
	public long timedOut() {
		return this.timedOut.get();
	}

	/** @return all refused requests */
	public long refused() {
		return unauthorized() + forbidden() + malformed() + tooLarge() + unsupportedMediaType() + timedOut();
	}

}
