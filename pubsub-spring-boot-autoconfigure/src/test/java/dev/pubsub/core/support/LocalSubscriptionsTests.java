package dev.pubsub.core.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.SubscribeOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the overflow policy a client's subscriptions get: {@code BLOCK} is kept where the inbound
 * thread may wait, and becomes {@code DROP_NEWEST} where it must not (a provider whose inbound thread
 * serves more than its own connection), so one slow handler can never stall other connections.
 */
class LocalSubscriptionsTests {

	private static final SubscribeOptions BLOCK = new SubscribeOptions(1, 10, OverflowPolicy.BLOCK, false, Map.of(),
			Duration.ofSeconds(1));

	private final QuietClient waiting = new QuietClient(true);

	private final QuietClient shared = new QuietClient(false);

	@AfterEach
	void destroy() {
		this.waiting.destroy();
		this.shared.destroy();
	}

	@Test
	void blockIsKeptOnlyWhereTheInboundThreadMayWait() {
		assertThat(policyOf(this.waiting, BLOCK)).isEqualTo(OverflowPolicy.BLOCK);
		assertThat(policyOf(this.shared, BLOCK)).isEqualTo(OverflowPolicy.DROP_NEWEST);
		assertThat(policyOf(this.shared, BLOCK.withOverflowPolicy(OverflowPolicy.DROP_OLDEST)))
			.isEqualTo(OverflowPolicy.DROP_OLDEST);
	}

	private static OverflowPolicy policyOf(QuietClient client, SubscribeOptions options) {
		DispatchingSubscription subscription = (DispatchingSubscription) client.subscribe(List.of("a.*"), (message) -> {
		}, options);
		return subscription.options().overflowPolicy();
	}

	/** A client that never connects; only whether its inbound thread may wait is set. */
	private static final class QuietClient extends StubPubSubClient {

		private final boolean inboundThreadMayWait;

		QuietClient(boolean inboundThreadMayWait) {
			super("quiet");
			this.inboundThreadMayWait = inboundThreadMayWait;
		}

		@Override
		protected boolean inboundThreadMayWait() {
			return this.inboundThreadMayWait;
		}

	}

}
