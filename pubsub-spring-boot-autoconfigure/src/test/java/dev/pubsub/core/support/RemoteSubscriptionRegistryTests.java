package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.support.RemoteSubscriptionRegistry.KeyMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RemoteSubscriptionRegistry} with a recording subscriber whose answers the test
 * gives, and a {@link ManualTaskScheduler}, so backoff delays are checked without waiting.
 */
class RemoteSubscriptionRegistryTests {

	private static final ReconnectPolicy POLICY = new ReconnectPolicy(true, Duration.ofMillis(100),
			Duration.ofSeconds(1), 2.0, 0.0, 3);

	private final ManualTaskScheduler scheduler = new ManualTaskScheduler();

	private final List<List<String>> refusedEvents = new CopyOnWriteArrayList<>();

	private final List<List<String>> recoveredEvents = new CopyOnWriteArrayList<>();

	private final RemoteSubscriptionRegistry.Listener listener = new RemoteSubscriptionRegistry.Listener() {

		@Override
		public void refused(List<String> keys, String reason) {
			RemoteSubscriptionRegistryTests.this.refusedEvents.add(keys);
		}

		@Override
		public void recovered(List<String> keys) {
			RemoteSubscriptionRegistryTests.this.recoveredEvents.add(keys);
		}

	};

	private RemoteSubscriptionRegistry registry(KeyMapping mapping) {
		return new RemoteSubscriptionRegistry(this.scheduler, RemoteSubscriptionRegistry.retryBackOff(POLICY), mapping,
				this.listener);
	}

	@Test
	void countsReferencesAndReconcilesOnlyTheDiff() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		assertThat(registry.add("a")).isEqualTo(1);
		assertThat(registry.add("a")).isEqualTo(2);
		registry.add("b");
		assertThat(registry.wanted()).containsExactly("a", "b");
		assertThat(registry.unheld()).containsEntry("a", RemoteSubscriptionRegistry.NOT_CONNECTED);

		Recorder connection = new Recorder();
		CompletableFuture<Void> attached = registry.attach(connection);
		assertThat(connection.calls).containsExactly("subscribe [a, b]");
		assertThat(attached).isNotDone();
		assertThat(registry.held()).isEmpty();
		assertThat(registry.unheld()).containsEntry("a", RemoteSubscriptionRegistry.NOT_ANSWERED_YET);
		connection.answer(0, SubscribeOutcome.held());
		assertThat(attached).isCompleted();
		assertThat(registry.held()).containsExactly("a", "b");
		assertThat(registry.unheld()).isEmpty();

		assertThat(registry.remove("a")).isEqualTo(1);
		assertThat(connection.calls).hasSize(1);
		assertThat(registry.remove("a")).isZero();
		assertThat(connection.calls).containsExactly("subscribe [a, b]", "unsubscribe [a]");
		assertThat(registry.remove("a")).isZero();
		registry.add("c");
		assertThat(connection.calls).containsExactly("subscribe [a, b]", "unsubscribe [a]", "subscribe [c]");
		assertThat(registry.held()).containsExactly("b");
		assertThat(registry.wanted()).containsExactly("b", "c");
		connection.answer(2, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("b", "c");
		assertThat(this.refusedEvents).isEmpty();
	}

	@Test
	void aNewConnectionReplacesTheOldOneAndItsPendingRetry() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		assertThat(registry.isAttached()).isFalse();
		registry.add("a");
		Recorder first = new Recorder();
		registry.attach(first);
		assertThat(registry.isAttached()).isTrue();
		first.answer(0, SubscribeOutcome.refused("no"));
		assertThat(this.scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
		// attached again without a detach (the provider saw the new connection first): the old
		// connection's retry must not stay scheduled, and nothing more is sent on the old connection
		Recorder second = new Recorder();
		registry.attach(second);
		assertThat(this.scheduler.pendingDelays()).isEmpty();
		assertThat(second.calls).containsExactly("subscribe [a]");
		second.answer(0, SubscribeOutcome.held());
		this.scheduler.advance(Duration.ofSeconds(10));
		assertThat(first.calls).containsExactly("subscribe [a]");
		assertThat(registry.held()).containsExactly("a");
		registry.detach();
		assertThat(registry.isAttached()).isFalse();
	}

	@Test
	void aTimedOutSubscribeIsUnsubscribedBeforeItsFirstRetryOnly() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("a");
		Recorder connection = new Recorder();
		registry.attach(connection);
		// not answered in time: the subscribe may have reached the server, so the retry unsubscribes first
		connection.answer(0, SubscribeOutcome.partial(Map.of("a", "not answered in time"), Set.of("a")));
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(connection.calls).containsExactly("subscribe [a]", "unsubscribe [a]", "subscribe [a]");
		// refused for certain this time: the next retry only subscribes
		connection.answer(2, SubscribeOutcome.refused("no"));
		this.scheduler.advance(Duration.ofMillis(200));
		assertThat(connection.calls).containsExactly("subscribe [a]", "unsubscribe [a]", "subscribe [a]",
				"subscribe [a]");
		connection.answer(3, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("a");
	}

	@Test
	void aKeyRemovedWhileItsSubscribeIsInFlightIsUnsubscribedOnceHeld() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		Recorder connection = new Recorder();
		registry.attach(connection);
		registry.add("a");
		registry.remove("a");
		assertThat(connection.calls).containsExactly("subscribe [a]");
		connection.answer(0, SubscribeOutcome.held());
		assertThat(connection.calls).containsExactly("subscribe [a]", "unsubscribe [a]");
		assertThat(registry.held()).isEmpty();
	}

	@Test
	void theMappingCollapsesToOneCatchAllKeyWhileAWildcardExists() {
		KeyMapping collapse = (keys) -> keys.stream().anyMatch((key) -> key.contains("*")) ? Set.of("ALL")
				: new LinkedHashSet<>(keys);
		RemoteSubscriptionRegistry registry = registry(collapse);
		Recorder connection = new Recorder();
		registry.add("x");
		registry.attach(connection);
		connection.answer(0, SubscribeOutcome.held());
		registry.add("y.*");
		assertThat(connection.calls).containsExactly("subscribe [x]", "subscribe [ALL]", "unsubscribe [x]");
		connection.answer(1, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("ALL");
		registry.remove("y.*");
		assertThat(connection.calls).containsExactly("subscribe [x]", "subscribe [ALL]", "unsubscribe [x]",
				"subscribe [x]", "unsubscribe [ALL]");
	}

	@Test
	void aRefusedKeyIsRetriedAloneWithGrowingBackoffUntilHeld() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("open");
		registry.add("guarded");
		Recorder connection = new Recorder();
		registry.attach(connection);
		connection.answer(0, SubscribeOutcome.refused("no"));
		assertThat(registry.held()).isEmpty();
		assertThat(registry.unheld()).containsEntry("open", "no").containsEntry("guarded", "no");
		assertThat(registry.refusals()).containsOnlyKeys("open", "guarded");
		assertThat(this.refusedEvents).containsExactly(List.of("open", "guarded"));
		assertThat(this.scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));

		this.scheduler.advance(Duration.ofMillis(99));
		assertThat(connection.calls).hasSize(1);
		this.scheduler.advance(Duration.ofMillis(1));
		assertThat(connection.calls).containsExactly("subscribe [open, guarded]", "subscribe [open]",
				"subscribe [guarded]");
		connection.answer(1, SubscribeOutcome.held());
		connection.answer(2, SubscribeOutcome.refused("still no"));
		assertThat(registry.held()).containsExactly("open");
		assertThat(registry.unheld()).containsOnlyKeys("guarded").containsEntry("guarded", "still no");
		assertThat(this.recoveredEvents).containsExactly(List.of("open"));
		assertThat(this.scheduler.pendingDelays()).containsExactly(Duration.ofMillis(200));

		this.scheduler.advance(Duration.ofMillis(200));
		assertThat(connection.calls).hasSize(4).last().isEqualTo("subscribe [guarded]");
		connection.answer(3, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("open", "guarded");
		assertThat(registry.unheld()).isEmpty();
		assertThat(registry.refusals()).isEmpty();
		assertThat(this.recoveredEvents).containsExactly(List.of("open"), List.of("guarded"));
		assertThat(this.scheduler.pendingDelays()).isEmpty();

		// once nothing is refused, the backoff starts again from its first delay
		registry.add("later");
		connection.answer(4, SubscribeOutcome.refused("no"));
		assertThat(this.scheduler.pendingDelays()).containsExactly(Duration.ofMillis(100));
	}

	@Test
	void aPerKeyAnswerHoldsTheGrantedKeysAndRetriesOnlyTheRefusedOnes() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("a");
		registry.add("b");
		registry.add("c");
		Recorder connection = new Recorder();
		registry.attach(connection);
		connection.answer(0, SubscribeOutcome.partial(Map.of("b", "forbidden"), Set.of()));
		assertThat(registry.held()).containsExactly("a", "c");
		assertThat(registry.unheld()).containsExactly(Map.entry("b", "forbidden"));
		assertThat(registry.refusals()).containsOnlyKeys("b");
		assertThat(this.refusedEvents).containsExactly(List.of("b"));
		assertThat(this.recoveredEvents).isEmpty();

		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(connection.calls).containsExactly("subscribe [a, b, c]", "subscribe [b]");
		connection.answer(1, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("a", "c", "b");
		assertThat(registry.unheld()).isEmpty();
		assertThat(this.recoveredEvents).containsExactly(List.of("b"));
		assertThat(this.scheduler.pendingDelays()).isEmpty();
	}

	@Test
	void aPerKeyAnswerGroupsRefusalsByReasonAndUnsubscribesOnlyTheTimedOutKeysBeforeTheRetry() {
		List<String> reasons = new ArrayList<>();
		RemoteSubscriptionRegistry reasonRegistry = new RemoteSubscriptionRegistry(this.scheduler,
				RemoteSubscriptionRegistry.retryBackOff(POLICY), KeyMapping.identity(),
				new RemoteSubscriptionRegistry.Listener() {

					@Override
					public void refused(List<String> keys, String reason) {
						reasons.add(keys + " " + reason);
					}

				});
		reasonRegistry.add("held");
		reasonRegistry.add("refused");
		reasonRegistry.add("slow");
		Recorder connection = new Recorder();
		reasonRegistry.attach(connection);
		Map<String, String> refused = new LinkedHashMap<>();
		refused.put("refused", "no");
		refused.put("slow", "subscribe not answered: no SUBACK");
		connection.answer(0, SubscribeOutcome.partial(refused, Set.of("slow")));
		assertThat(reasons).containsExactly("[refused] no", "[slow] subscribe not answered: no SUBACK");
		assertThat(reasonRegistry.held()).containsExactly("held");
		assertThat(reasonRegistry.unheld()).containsExactlyEntriesOf(refused);

		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(connection.calls).containsExactly("subscribe [held, refused, slow]", "unsubscribe [slow]",
				"subscribe [refused]", "subscribe [slow]");
	}

	@Test
	void aPerKeyAnswerNamingAKeyOutsideTheCallIgnoresIt() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("a");
		Recorder connection = new Recorder();
		registry.attach(connection);
		registry.add("b");
		connection.answer(0, SubscribeOutcome.partial(Map.of("b", "no"), Set.of()));
		assertThat(registry.held()).containsExactly("a");
		assertThat(registry.unheld()).containsExactly(Map.entry("b", RemoteSubscriptionRegistry.NOT_ANSWERED_YET));
		assertThat(this.refusedEvents).isEmpty();
		connection.answer(1, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("a", "b");
	}

	@Test
	void aFailedSubscribeIsRetriedWithoutUnsubscribing() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("a");
		Recorder connection = new Recorder();
		registry.attach(connection);
		connection.fail(0, new IllegalStateException("boom\r\nforged"));
		assertThat(registry.unheld().get("a")).startsWith("subscribe failed: ").doesNotContain("\r", "\n");
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(connection.calls).containsExactly("subscribe [a]", "subscribe [a]");
	}

	@Test
	void aTimedOutSubscribeIsUnsubscribedBeforeItsRetry() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("slow");
		Recorder connection = new Recorder();
		registry.attach(connection);
		connection.fail(0, new PubSubTimeoutException("subscribe", Duration.ofMillis(500)));
		assertThat(registry.unheld().get("slow")).startsWith("subscribe not answered: ");
		assertThat(this.refusedEvents).containsExactly(List.of("slow"));
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(connection.calls).containsExactly("subscribe [slow]", "unsubscribe [slow]", "subscribe [slow]");
		connection.answer(2, SubscribeOutcome.held());
		assertThat(registry.held()).containsExactly("slow");
		// a refusal after the held answer does not unsubscribe again: only timed-out keys are uncertain
		registry.add("other");
		connection.answer(3, SubscribeOutcome.refused("no"));
		this.scheduler.advance(Duration.ofMillis(100));
		assertThat(connection.calls).containsExactly("subscribe [slow]", "unsubscribe [slow]", "subscribe [slow]",
				"subscribe [other]", "subscribe [other]");
	}

	@Test
	void anAnswerForADetachedConnectionIsIgnoredAndItsRetryCancelled() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("a");
		Recorder first = new Recorder();
		CompletableFuture<Void> attached = registry.attach(first);
		registry.detach();
		assertThat(registry.isAttached()).isFalse();
		first.answer(0, SubscribeOutcome.refused("late"));
		assertThat(attached).isCompleted();
		assertThat(this.refusedEvents).isEmpty();
		assertThat(this.scheduler.pendingDelays()).isEmpty();
		assertThat(registry.held()).isEmpty();
		assertThat(registry.unheld()).containsEntry("a", RemoteSubscriptionRegistry.NOT_CONNECTED);
		registry.add("b");
		assertThat(first.calls).containsExactly("subscribe [a]");

		Recorder second = new Recorder();
		registry.attach(second);
		assertThat(second.calls).containsExactly("subscribe [a, b]");
		second.answer(0, SubscribeOutcome.refused("no"));
		assertThat(this.scheduler.pendingDelays()).hasSize(1);
		registry.detach();
		assertThat(this.scheduler.pendingDelays()).isEmpty();
		this.scheduler.advance(Duration.ofSeconds(5));
		assertThat(second.calls).hasSize(1);
		assertThat(this.refusedEvents).containsExactly(List.of("a", "b"));
	}

	@Test
	void aRefusalThatEndsTheConnectionIsKeptUntilALaterConnectionHoldsTheKey() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("public");
		Recorder first = new Recorder();
		registry.attach(first);
		first.answer(0, SubscribeOutcome.held());
		registry.add("secure");
		first.answer(1, SubscribeOutcome.held());
		assertThat(registry.refusedByServer("unknown", "code 1008")).isFalse();
		assertThat(registry.refusedByServer("secure", "code 1008, forbidden")).isTrue();
		assertThat(registry.held()).containsExactly("public");
		registry.add("extra");
		assertThat(first.calls).containsExactly("subscribe [public]", "subscribe [secure]", "subscribe [extra]");
		registry.detach();
		assertThat(registry.refusals()).containsOnlyKeys("secure").containsEntry("secure", "code 1008, forbidden");
		assertThat(registry.unheld()).containsEntry("secure", "code 1008, forbidden")
			.containsEntry("public", RemoteSubscriptionRegistry.NOT_CONNECTED);

		Recorder second = new Recorder();
		registry.attach(second);
		assertThat(second.calls).containsExactly("subscribe [public, secure, extra]");
		assertThat(registry.refusals()).containsOnlyKeys("secure");
		second.answer(0, SubscribeOutcome.held());
		assertThat(registry.refusals()).isEmpty();
		assertThat(this.recoveredEvents).containsExactly(List.of("secure"));
	}

	@Test
	void removingARefusedKeyClearsItsRefusal() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("secure");
		Recorder first = new Recorder();
		registry.attach(first);
		first.answer(0, SubscribeOutcome.held());
		registry.refusedByServer("secure", "forbidden");
		registry.detach();
		registry.remove("secure");
		assertThat(registry.refusals()).isEmpty();
		assertThat(registry.unheld()).isEmpty();
		registry.add("secure");
		assertThat(registry.refusals()).isEmpty();
	}

	@Test
	void aSubscriberThatThrowsCountsAsAFailedSubscribe() {
		RemoteSubscriptionRegistry registry = registry(KeyMapping.identity());
		registry.add("a");
		CompletableFuture<Void> attached = registry.attach(new RemoteSubscriber() {

			@Override
			public CompletableFuture<SubscribeOutcome> subscribe(List<String> keys) {
				throw new PubSubConnectionLostException("closed");
			}

			@Override
			public void unsubscribe(List<String> keys) {
			}

		});
		assertThat(attached).isCompleted();
		assertThat(registry.unheld().get("a")).isEqualTo("subscribe failed: closed");
	}

	/**
	 * Records calls and lets the test answer each subscribe.
	 */
	private static final class Recorder implements RemoteSubscriber {

		private final List<String> calls = new ArrayList<>();

		private final List<CompletableFuture<SubscribeOutcome>> answers = new ArrayList<>();

		@Override
		public CompletableFuture<SubscribeOutcome> subscribe(List<String> keys) {
			this.calls.add("subscribe " + keys);
			CompletableFuture<SubscribeOutcome> answer = new CompletableFuture<>();
			this.answers.add(answer);
			return answer;
		}

		@Override
		public void unsubscribe(List<String> keys) {
			this.calls.add("unsubscribe " + keys);
			this.answers.add(null);
		}

		/** Answer the subscribe that was call number {@code index} (0-based, unsubscribes count). */
		void answer(int index, SubscribeOutcome outcome) {
			assertThat(this.calls.get(index)).startsWith("subscribe ");
			this.answers.get(index).complete(outcome);
		}

		void fail(int index, Throwable failure) {
			assertThat(this.calls.get(index)).startsWith("subscribe ");
			this.answers.get(index).completeExceptionally(failure);
		}

	}

}
