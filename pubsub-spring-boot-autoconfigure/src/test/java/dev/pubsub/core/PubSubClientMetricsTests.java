package dev.pubsub.core;

import java.util.function.ToLongFunction;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubClientMetrics}: each event moves its own counter and no other, so a dashboard
 * reading {@code published} never shows received messages and the other way round.
 */
class PubSubClientMetricsTests {

	private final PubSubClientMetrics metrics = new PubSubClientMetrics();

	@Test
	void eachEventCountsOnItsOwnCounter() {
		this.metrics.messageReceived();
		this.metrics.messageReceived();
		this.metrics.messageReceived();
		this.metrics.messagePublished();
		this.metrics.messagePublished();
		this.metrics.malformedFrame();
		this.metrics.unmatchedResponse();
		this.metrics.unmatchedResponse();
		this.metrics.unmatchedResponse();
		this.metrics.unmatchedResponse();
		assertCounts(PubSubClientMetrics::received, 3);
		assertCounts(PubSubClientMetrics::published, 2);
		assertCounts(PubSubClientMetrics::malformed, 1);
		assertCounts(PubSubClientMetrics::unmatchedResponses, 4);
		assertCounts(PubSubClientMetrics::dropped, 0);
		assertCounts(PubSubClientMetrics::unrouted, 0);
	}

	private void assertCounts(ToLongFunction<PubSubClientMetrics> counter, long expected) {
		assertThat(counter.applyAsLong(this.metrics)).isEqualTo(expected);
	}

}
