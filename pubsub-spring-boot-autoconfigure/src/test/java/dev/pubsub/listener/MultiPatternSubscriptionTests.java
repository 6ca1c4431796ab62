package dev.pubsub.listener;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.ConnectionListener;
import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.Subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Tests for subscriptions over several patterns on {@code AbstractPubSubClient} (through the
 * loopback client) and the {@link PubSubClient} default for other clients.
 */
class MultiPatternSubscriptionTests {

	private final List<String> timeline = new CopyOnWriteArrayList<>();

	private final LoopbackPubSubClient client = new LoopbackPubSubClient("direct", false, this.timeline);

	@AfterEach
	void destroy() {
		this.client.destroy();
	}

	@Test
	void eachDistinctPatternSubscribesAndUnsubscribesRemotelyOnce() {
		Subscription subscription = this.client.subscribe(List.of("a.*", "a.b", "a.*"), (message) -> {
		}, SubscribeOptions.defaults());
		assertThat(subscription.patterns()).containsExactly("a.*", "a.b");
		assertThat(subscription.pattern()).isEqualTo("a.*");
		assertThat(this.client.remoteSubscribes).containsExactly("a.*", "a.b");
		AwaitLimit.join(subscription.stop(Duration.ofSeconds(1)));
		assertThat(subscription.isActive()).isFalse();
		assertThat(this.timeline).containsExactly("unsubscribe:a.*", "unsubscribe:a.b");
	}

	@Test
	void stoppingTwiceReturnsTheFirstResultAndUnsubscribesOnce() {
		Subscription subscription = this.client.subscribe(List.of("a.*"), (message) -> {
		}, SubscribeOptions.defaults());
		CompletableFuture<Integer> first = subscription.stop(Duration.ofSeconds(1));
		assertThat(subscription.stop(Duration.ZERO)).isSameAs(first);
		subscription.cancel();
		assertThat(AwaitLimit.join(first)).isZero();
		assertThat(this.timeline).containsExactly("unsubscribe:a.*");
	}

	@Test
	void invalidPatternFailsBeforeAnythingIsSubscribed() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.subscribe(List.of("a.*", " "), (message) -> {
		}, SubscribeOptions.defaults()));
		assertThat(this.client.remoteSubscribes).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> this.client.subscribe(List.of(), (message) -> {
		}, SubscribeOptions.defaults()));
	}

	@Test
	void handlerMayCancelItsOwnSubscriptionAndTheQueuedMessagesAreStillHandled() throws InterruptedException {
		List<String> ids = new CopyOnWriteArrayList<>();
		CountDownLatch gate = new CountDownLatch(1);
		CompletableFuture<Subscription> self = new CompletableFuture<>();
		Subscription subscription = this.client.subscribe(List.of("jobs.*"), (message) -> {
			String id = message.headers().get(PubSubHeaders.MESSAGE_ID).toString();
			if (id.equals("m-0")) {
				awaitQuietly(gate);
				AwaitLimit.join(self).cancel();
			}
			ids.add(id);
		}, SubscribeOptions.defaults());
		self.complete(subscription);
		for (int i = 0; i < 5; i++) {
			this.client.deliver("jobs", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "m-" + i));
		}
		gate.countDown();
		await().until(() -> ids.size() == 5);
		assertThat(ids).containsExactly("m-0", "m-1", "m-2", "m-3", "m-4");
		this.client.deliver("jobs", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "late"));
		assertThat(this.client.metrics().unrouted()).isEqualTo(1);
		assertThat(this.client.metrics().received()).as("routed or not").isEqualTo(6);
		assertThat(this.client.metrics().discardedOnShutdown()).isZero();
	}

	@Test
	void destroyDrainsTheSubscriptionsStillActive() {
		List<String> ids = new CopyOnWriteArrayList<>();
		CountDownLatch gate = new CountDownLatch(1);
		this.client.subscribe(List.of("jobs.*"), (message) -> {
			awaitQuietly(gate);
			ids.add(message.headers().get(PubSubHeaders.MESSAGE_ID).toString());
		}, new SubscribeOptions(1, 100, OverflowPolicy.DROP_NEWEST, true, Map.of(), Duration.ofSeconds(10)));
		for (int i = 0; i < 20; i++) {
			this.client.deliver("jobs", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "m-" + i));
		}
		CompletableFuture<Void> destroyed = CompletableFuture.runAsync(this.client::destroy);
		await().until(() -> this.timeline.contains("unsubscribe:jobs.*"));
		assertThat(destroyed).isNotDone();
		gate.countDown();
		AwaitLimit.join(destroyed);
		assertThat(ids).hasSize(20).startsWith("m-0").endsWith("m-19");
		assertThat(this.client.metrics().discardedOnShutdown()).isZero();
	}

	@Test
	void defaultMethodAcceptsOnePatternAndRefusesSeveralWithAClearMessage() {
		SinglePatternClient single = new SinglePatternClient();
		assertThat(single.isConnected()).as("the default method reads state()").isFalse();
		Subscription subscription = single.subscribe(List.of("x", "x"), (message) -> {
		}, SubscribeOptions.defaults());
		assertThat(subscription.patterns()).containsExactly("x");
		assertThatThrownBy(() -> single.subscribe(List.of("x", "y"), (message) -> {
		}, SubscribeOptions.defaults())).isInstanceOf(UnsupportedOperationException.class)
			.hasMessageContaining("Client 'single'")
			.hasMessageContaining("cannot bind several patterns to one subscription");
		assertThatIllegalArgumentException().isThrownBy(() -> single.subscribe(List.of(), (message) -> {
		}, SubscribeOptions.defaults()));
	}

	@Test
	void negativeShutdownTimeoutIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SubscribeOptions.defaults().withShutdownTimeout(Duration.ofSeconds(-1)));
		assertThat(SubscribeOptions.defaults().shutdownTimeout()).isEqualTo(Duration.ofSeconds(10));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(AwaitLimit.atMost(Duration.ofSeconds(30)).toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A client that does not extend {@code AbstractPubSubClient}: single-pattern subscriptions only.
	 */
	private static final class SinglePatternClient implements PubSubClient {

		@Override
		public String name() {
			return "single";
		}

		@Override
		public String type() {
			return "single";
		}

		@Override
		public ConnectionState state() {
			return ConnectionState.DISCONNECTED;
		}

		@Override
		public CompletableFuture<Void> connect() {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void disconnect() {
		}

		@Override
		public Subscription subscribe(String pattern, PubSubMessageHandler handler, SubscribeOptions options) {
			return new Subscription() {

				@Override
				public List<String> patterns() {
					return List.of(pattern);
				}

				@Override
				public boolean isActive() {
					return true;
				}

				@Override
				public void cancel() {
				}

				@Override
				public CompletableFuture<Integer> stop(Duration timeout) {
					return CompletableFuture.completedFuture(0);
				}

			};
		}

		@Override
		public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public boolean supportsReplies() {
			return false;
		}

		@Override
		public void addConnectionListener(ConnectionListener listener) {
		}

		@Override
		public void removeConnectionListener(ConnectionListener listener) {
		}

		@Override
		public PubSubClientMetrics metrics() {
			return new PubSubClientMetrics();
		}

		@Override
		public Throwable lastError() {
			return null;
		}

	}

}
