package dev.pubsub.test.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.PubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Reconnect backoff against a server that accepts and then closes every connection: the reconnect attempts
 * follow the exponential backoff ({@code reconnect.initial-delay} {@value #INITIAL_MS} ms doubling to
 * {@code max-delay} {@value #MAX_MS} ms, no jitter), as reported by the client's {@code RECONNECTING} events
 * and as seen by the server (the gap between two accepted connections is never shorter than the delay
 * announced in between); a connection that closes before {@code reconnect.stable-after} does not start the
 * backoff again, one that stayed up longer does. Asserts only lower bounds on time, never an upper bound
 * tighter than the backoff itself, and waits with Awaitility.
 */
public abstract class ReconnectBackoffContractTests extends AbstractContractTests {

	/** The initial reconnect delay in milliseconds. */
	protected static final long INITIAL_MS = 50;

	/** The largest reconnect delay in milliseconds. */
	protected static final long MAX_MS = 800;

	/** The stability window. */
	protected static final Duration STABLE_AFTER = Duration.ofSeconds(2);

	/** The delays the backoff must produce for the first attempts, in milliseconds. */
	private static final List<Long> DELAYS = List.of(50L, 100L, 200L, 400L, 800L, 800L);

	@Test
	public void acceptThenCloseIsRetriedFollowingTheBackoffAndItsStabilityWindow() {
		requirePoint(ContractPoint.RECONNECT_BACKOFF);
		runner(PREFIX + "reconnect.initial-delay=" + INITIAL_MS + "ms", PREFIX + "reconnect.max-delay=" + MAX_MS + "ms",
				PREFIX + "reconnect.stable-after=" + STABLE_AFTER.toMillis() + "ms")
			.run((context) -> {
				PubSubClient client = client(context);
				List<ConnectionEvent> reconnecting = new CopyOnWriteArrayList<>();
				client.addConnectionListener((event) -> {
					if (event.type() == ConnectionEventType.RECONNECTING) {
						reconnecting.add(event);
					}
				});
				client.subscribe(peer().pattern(), (message) -> {
				});
				awaitSubscribed(client);
				int acceptedBefore = peer().acceptTimes().size();

				// accept-then-close: every attempt is short-lived, so the delays keep growing
				peer().acceptThenClose(true);
				assertThat(peer().dropAllConnections()).isPositive();
				await().atMost(PATIENCE).until(() -> reconnecting.size() >= DELAYS.size()
						&& peer().acceptTimes().size() - acceptedBefore >= DELAYS.size());
				peer().acceptThenClose(false);
				List<ConnectionEvent> flapping = List.copyOf(reconnecting.subList(0, DELAYS.size()));
				assertThat(flapping).extracting(ConnectionEvent::attempt).containsExactly(1, 2, 3, 4, 5, 6);
				assertThat(flapping).extracting(Delays::delayMillis).containsExactlyElementsOf(DELAYS);
				List<Instant> accepts = peer().acceptTimes().subList(acceptedBefore, acceptedBefore + DELAYS.size());
				for (int i = 1; i < accepts.size(); i++) {
					assertThat(Duration.between(accepts.get(i - 1), accepts.get(i)).toMillis())
						.as("gap before accepted connection %d (accepted %s, RECONNECTING events %s)", i + 1, accepts,
								flapping)
						.isGreaterThanOrEqualTo(DELAYS.get(i) - 5);
				}

				// back to normal: a connection dropped before the stability window continues the backoff
				awaitSubscribed(client);
				int before = reconnecting.size();
				ConnectionEvent last = reconnecting.get(before - 1);
				assertThat(peer().dropAllConnections()).isPositive();
				await().atMost(PATIENCE).until(() -> reconnecting.size() > before);
				ConnectionEvent continued = reconnecting.get(before);
				assertThat(continued.attempt()).as("attempt after a short-lived connection").isGreaterThan(last.attempt());
				assertThat(Delays.delayMillis(continued)).isEqualTo(MAX_MS);

				// a connection that stayed up past the stability window starts the backoff again
				awaitSubscribed(client);
				Instant upSince = Instant.now();
				await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
					.until(() -> Duration.between(upSince, Instant.now()).compareTo(STABLE_AFTER.plusMillis(300)) > 0);
				int beforeStable = reconnecting.size();
				assertThat(peer().dropAllConnections()).isPositive();
				await().atMost(PATIENCE).until(() -> reconnecting.size() > beforeStable);
				ConnectionEvent restarted = reconnecting.get(beforeStable);
				assertThat(restarted.attempt()).isOne();
				assertThat(Delays.delayMillis(restarted)).isEqualTo(INITIAL_MS);
				awaitSubscribed(client);
			});
	}

	/** Reads the delay a {@code RECONNECTING} event announces. */
	private static final class Delays {

		private Delays() {
		}

		static long delayMillis(ConnectionEvent event) {
			Object delay = event.details().get("delayMillis");
			assertThat(delay).as("RECONNECTING event's delayMillis").isInstanceOf(Number.class);
			return ((Number) delay).longValue();
		}

	}

}
