package dev.pubsub.core.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.ReconnectPolicy;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RemoteSubscriptionStatus}, the read side of {@link RemoteSubscriptionRegistry}: how an
 * answer reads as a refusal, and the unheld and refusal views over one connection's bookkeeping.
 */
class RemoteSubscriptionStatusTests {

	@Test
	void aPerKeyAnswerRefusesOnlyTheKeysItNames() {
		SubscribeOutcome outcome = SubscribeOutcome.partial(Map.of("b", "no", "c", "not answered", "z", "other"),
				java.util.Set.of("c"));
		assertThat(outcome.accepted()).isFalse();
		assertThat(outcome.perKey()).isTrue();
		assertThat(RemoteSubscriptionStatus.refusals(List.of("a", "b", "c"), outcome, null)).containsExactly(
				Map.entry("b", new RemoteSubscriptionStatus.Refusal("no", false)),
				Map.entry("c", new RemoteSubscriptionStatus.Refusal("not answered", true)));
		assertThat(SubscribeOutcome.partial(Map.of(), java.util.Set.of())).isSameAs(SubscribeOutcome.held());
	}

	@Test
	void aWholeCallAnswerRefusesEveryKeyOfTheCall() {
		RemoteSubscriptionStatus.Refusal no = new RemoteSubscriptionStatus.Refusal("no", false);
		assertThat(RemoteSubscriptionStatus.refusals(List.of("a", "b"), SubscribeOutcome.refused("no"), null))
			.containsExactly(Map.entry("a", no), Map.entry("b", no));
		assertThat(RemoteSubscriptionStatus.refusals(List.of("a"), SubscribeOutcome.held(), null)).isEmpty();
		assertThat(RemoteSubscriptionStatus.refusals(List.of("a"), null,
				new CompletionException(new PubSubTimeoutException("subscribe", Duration.ofSeconds(1)))))
			.hasEntrySatisfying("a", (refusal) -> assertThat(refusal.timedOut()).isTrue());
	}

	@Test
	void answersOfEachKeyCombineIntoOnePerKeyAnswerOnceAllAreIn() {
		Map<String, CompletableFuture<SubscribeOutcome>> answers = new LinkedHashMap<>();
		answers.put("held", new CompletableFuture<>());
		answers.put("refused", new CompletableFuture<>());
		answers.put("slow", new CompletableFuture<>());
		answers.put("failed", new CompletableFuture<>());
		CompletableFuture<SubscribeOutcome> combined = SubscribeOutcome.ofEach(answers);
		answers.get("held").complete(SubscribeOutcome.held());
		answers.get("refused").complete(SubscribeOutcome.refused("forbidden"));
		answers.get("slow").completeExceptionally(new PubSubTimeoutException("SUBACK", Duration.ofSeconds(1)));
		assertThat(combined).isNotDone();
		answers.get("failed").completeExceptionally(new IllegalStateException("closed"));
		SubscribeOutcome outcome = combined.join();
		assertThat(outcome.refusedKeys()).containsOnlyKeys("refused", "slow", "failed")
			.containsEntry("refused", "forbidden")
			.containsEntry("failed", "subscribe failed: closed");
		assertThat(outcome.refusedKeys().get("slow")).startsWith("subscribe not answered: ");
		assertThat(outcome.timedOutKeys()).containsExactly("slow");

		Map<String, CompletableFuture<SubscribeOutcome>> allHeld = new LinkedHashMap<>();
		allHeld.put("a", CompletableFuture.completedFuture(SubscribeOutcome.held()));
		allHeld.put("b", CompletableFuture.completedFuture(SubscribeOutcome.held()));
		assertThat(SubscribeOutcome.ofEach(allHeld).join()).isSameAs(SubscribeOutcome.held());
	}

	@Test
	void timedOutKeysMustBeRefusedKeys() {
		org.assertj.core.api.Assertions
			.assertThatIllegalArgumentException()
			.isThrownBy(() -> SubscribeOutcome.partial(Map.of("a", "no"), java.util.Set.of("b")));
	}

	@Test
	void aHeldAnswerIsNoRefusal() {
		assertThat(RemoteSubscriptionStatus.refusal(SubscribeOutcome.held(), null)).isNull();
	}

	@Test
	void aRefusalKeepsTheServersReason() {
		assertThat(RemoteSubscriptionStatus.refusal(SubscribeOutcome.refused("no such topic"), null))
			.isEqualTo(new RemoteSubscriptionStatus.Refusal("no such topic", false));
	}

	@Test
	void aRefusalWithoutReasonOrWithoutOutcomeIsStillARefusal() {
		RemoteSubscriptionStatus.Refusal expected = new RemoteSubscriptionStatus.Refusal(
				"subscribe refused by the server", false);
		assertThat(RemoteSubscriptionStatus.refusal(new SubscribeOutcome(false, null), null)).isEqualTo(expected);
		assertThat(RemoteSubscriptionStatus.refusal(null, null)).isEqualTo(expected);
	}

	@Test
	void aTimeoutIsUncertainAndAFailureIsNot() {
		RemoteSubscriptionStatus.Refusal timedOut = RemoteSubscriptionStatus
			.refusal(null, new CompletionException(new PubSubTimeoutException("subscribe", Duration.ofSeconds(5))));
		assertThat(timedOut).isNotNull();
		assertThat(timedOut.timedOut()).isTrue();
		assertThat(timedOut.reason()).startsWith("subscribe not answered: ").contains("subscribe");
		RemoteSubscriptionStatus.Refusal failed = RemoteSubscriptionStatus.refusal(null,
				new IllegalStateException("closed\r\nforged line"));
		assertThat(failed).isNotNull();
		assertThat(failed.timedOut()).isFalse();
		assertThat(failed.reason()).startsWith("subscribe failed: closed").doesNotContain("\r", "\n");
	}

	@Test
	void unheldNamesWhyEachWantedKeyIsNotHeld() {
		LinkedHashSet<String> desired = new LinkedHashSet<>(List.of("held", "refused", "closed", "pending"));
		Map<String, String> serverRefusals = new LinkedHashMap<>(Map.of("closed", "forbidden"));
		assertThat(RemoteSubscriptionStatus.unheld(desired, serverRefusals, null)).containsExactly(
				Map.entry("held", RemoteSubscriptionRegistry.NOT_CONNECTED),
				Map.entry("refused", RemoteSubscriptionRegistry.NOT_CONNECTED), Map.entry("closed", "forbidden"),
				Map.entry("pending", RemoteSubscriptionRegistry.NOT_CONNECTED));

		RemoteSubscriptionSession session = new RemoteSubscriptionSession(new NoCalls(),
				RemoteSubscriptionRegistry.retryBackOff(ReconnectPolicy.defaults()).start());
		session.diff(desired);
		session.confirmed("held");
		session.refused(List.of("refused"), "not allowed", false);
		assertThat(RemoteSubscriptionStatus.unheld(desired, serverRefusals, session)).containsExactly(
				Map.entry("refused", "not allowed"), Map.entry("closed", "forbidden"),
				Map.entry("pending", RemoteSubscriptionRegistry.NOT_ANSWERED_YET));
		assertThat(RemoteSubscriptionStatus.refusals(serverRefusals, session))
			.containsExactly(Map.entry("closed", "forbidden"), Map.entry("refused", "not allowed"));
	}

	@Test
	void aRegistryDoesNotHoldAKeyRefusedWithoutReason() {
		List<CompletableFuture<SubscribeOutcome>> answers = new ArrayList<>();
		RemoteSubscriber subscriber = new RemoteSubscriber() {

			@Override
			public CompletableFuture<SubscribeOutcome> subscribe(List<String> keys) {
				CompletableFuture<SubscribeOutcome> answer = new CompletableFuture<>();
				answers.add(answer);
				return answer;
			}

			@Override
			public void unsubscribe(List<String> keys) {
			}

		};
		RemoteSubscriptionRegistry registry = new RemoteSubscriptionRegistry(new ManualTaskScheduler(),
				RemoteSubscriptionRegistry.retryBackOff(new ReconnectPolicy(true, Duration.ofMillis(100),
						Duration.ofSeconds(1), 2.0, 0.0, 3)),
				RemoteSubscriptionRegistry.KeyMapping.identity(), new RemoteSubscriptionRegistry.Listener() {
				});
		registry.add("a");
		registry.add("b");
		registry.attach(subscriber);
		answers.get(0).complete(new SubscribeOutcome(false, null));
		assertThat(registry.held()).isEmpty();
		assertThat(registry.refusals()).containsOnlyKeys("a", "b");
		assertThat(registry.unheld()).containsEntry("a", "subscribe refused by the server");
	}

	private static final class NoCalls implements RemoteSubscriber {

		@Override
		public CompletableFuture<SubscribeOutcome> subscribe(List<String> keys) {
			throw new AssertionError("no call expected");
		}

		@Override
		public void unsubscribe(List<String> keys) {
			throw new AssertionError("no call expected");
		}

	}

}
