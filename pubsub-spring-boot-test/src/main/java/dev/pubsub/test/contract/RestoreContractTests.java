package dev.pubsub.test.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.PubSubClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restore: the server drops every connection {@value #DROPS} times; after each drop the client reconnects,
 * restores its subscription, and receives every message published after the restore exactly once (exact
 * multiset of ids over the whole test). The client is built by the auto-configuration with a reconnect
 * policy of 20 ms doubling to 200 ms.
 */
public abstract class RestoreContractTests extends AbstractContractTests {

	/** How often the server drops the connection. */
	protected static final int DROPS = 20;

	/** How many messages are published after each restore. */
	protected static final int PER_ROUND = 3;

	@Test
	public void restoresAfterEveryDropAndLosesNothingPublishedAfterTheRestore() {
		requirePoint(ContractPoint.RESTORE_AFTER_DROPS);
		runner().run((context) -> {
			PubSubClient client = client(context);
			ReceivedIds received = new ReceivedIds(peer()::idOf);
			client.subscribe(peer().pattern(), received.handler());
			awaitSubscribed(client);
			List<String> sent = new ArrayList<>(ids("before-", PER_ROUND));
			publishAndAwait(received, sent);
			for (int round = 1; round <= DROPS; round++) {
				long reconnects = client.metrics().reconnects();
				assertThat(peer().dropAllConnections()).as("connections dropped in round %d", round).isPositive();
				await().atMost(PATIENCE).until(() -> client.metrics().reconnects() > reconnects);
				awaitSubscribed(client);
				List<String> round_ = ids("r" + round + "-", PER_ROUND);
				sent.addAll(round_);
				publishAndAwait(received, round_);
			}
			// a last message after everything: a duplicate of an earlier one would have arrived before it
			publishAndAwait(received, List.of("end"));
			sent.add("end");
			assertThat(received.multiset("")).isEqualTo(ReceivedIds.once(sent));
			assertThat(client.metrics().reconnects()).isGreaterThanOrEqualTo(DROPS);
			assertThat(client.metrics().dropped()).isZero();
		});
	}

	private static List<String> ids(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
	}

}
