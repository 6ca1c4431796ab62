package dev.pubsub.emitter;

import org.springframework.util.Assert;

/**
 * Options of one Emitter publish.
 *
 * @param ttl the time to live in seconds: with a key holding {@code s} the broker stores the
 * message for that long and replays it to subscribers asking for {@code last} messages; 0 = not stored
 * @param excludeMe {@code true} to send {@code me=0}: the publishing connection does not receive
 * its own message
 * @param retain the MQTT retain flag: the broker stores the message for its retention period
 * @param qos 0 (at most once, the default) or 1 (the future completes on the broker's PUBACK);
 * Emitter never answers QoS 2
 */
public record EmitterPublishOptions(int ttl, boolean excludeMe, boolean retain, int qos) {

	private static final EmitterPublishOptions DEFAULTS = new EmitterPublishOptions(0, false, false, 0);

	public EmitterPublishOptions {
		Assert.isTrue(ttl >= 0, "ttl must not be negative");
		Assert.isTrue(qos == 0 || qos == 1, "Emitter supports QoS 0 and 1 only (it never answers QoS 2)");
	}

	/**
	 * No ttl, echo to the publisher, no retain, QoS 0.
	 * @return the defaults
	 */
	public static EmitterPublishOptions defaults() {
		return DEFAULTS;
	}

	/**
	 * Return a copy with a time to live.
	 * @param ttl seconds
	 * @return the options
	 */
	public EmitterPublishOptions withTtl(int ttl) {
		return new EmitterPublishOptions(ttl, this.excludeMe, this.retain, this.qos);
	}

	/**
	 * Return a copy that does not echo the message to the publisher ({@code me=0}).
	 * @return the options
	 */
	public EmitterPublishOptions withoutEcho() {
		return new EmitterPublishOptions(this.ttl, true, this.retain, this.qos);
	}

	/**
	 * Return a copy with the retain flag.
	 * @return the options
	 */
	public EmitterPublishOptions withRetain() {
		return new EmitterPublishOptions(this.ttl, this.excludeMe, true, this.qos);
	}

	/**
	 * Return a copy published at least once (QoS 1).
	 * @return the options
	 */
	public EmitterPublishOptions withAtLeastOnce() {
		return new EmitterPublishOptions(this.ttl, this.excludeMe, this.retain, 1);
	}

}
