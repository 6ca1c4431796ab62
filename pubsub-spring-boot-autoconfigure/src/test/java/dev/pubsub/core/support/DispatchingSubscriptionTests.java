package dev.pubsub.core.support;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.OverflowPolicy;
import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.PubSubMessageHandler;
import dev.pubsub.core.SubscribeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DispatchingSubscription} without a client: a failing handler is counted and logged
 * and the next message still handled, drops are counted and logged once per interval, and stopping
 * logs a WARN only when its timeout left messages behind or a handler call running.
 */
class DispatchingSubscriptionTests {

	private static final Duration WAIT = AwaitLimit.atMost(Duration.ofSeconds(30));

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final PubSubClientMetrics metrics = new PubSubClientMetrics();

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Log log = (Log) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Log.class },
			(proxy, method, args) -> {
				if (method.getName().startsWith("is")) {
					return method.getName().equals("isWarnEnabled") || method.getName().equals("isErrorEnabled");
				}
				if (method.getName().equals("warn") || method.getName().equals("error")) {
					this.lines.add(method.getName().toUpperCase() + " " + args[0]);
				}
				return null;
			});

	private final List<String> handled = new CopyOnWriteArrayList<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private DispatchingSubscription subscription;

	@AfterEach
	void stop() {
		this.release.countDown();
		if (this.subscription != null) {
			AwaitLimit.join(this.subscription.stop(Duration.ofSeconds(5)));
		}
	}

	@Test
	void aFailingHandlerIsCountedAndLoggedAndTheNextMessageStillHandled() {
		this.subscription = subscription((message) -> {
			if (message.routingKey().equals("jobs.bad")) {
				throw new IllegalStateException("boom");
			}
			this.handled.add(message.routingKey());
		}, 1, 10, OverflowPolicy.DROP_NEWEST);
		this.subscription.offer(message("jobs.bad"));
		this.subscription.offer(message("jobs.good"));
		await().atMost(WAIT).until(() -> this.handled.contains("jobs.good"));
		assertThat(this.metrics.listenerErrors()).isEqualTo(1);
		assertThat(this.lines).containsExactly(
				"ERROR Handler for 'jobs.*' on client 'direct' failed for routing key 'jobs.bad'");
	}

	@Test
	void dropsAreCountedAndLogged() throws InterruptedException {
		CountDownLatch first = new CountDownLatch(1);
		this.subscription = subscription((message) -> {
			first.countDown();
			awaitQuietly(this.release);
			this.handled.add(message.routingKey());
		}, 1, 1, OverflowPolicy.DROP_NEWEST);
		this.subscription.offer(message("jobs.1"));
		assertThat(first.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		this.subscription.offer(message("jobs.2"));
		this.subscription.offer(message("jobs.3"));
		this.subscription.offer(message("jobs.4"));
		assertThat(this.metrics.dropped()).isEqualTo(2);
		assertThat(this.lines).containsExactly("WARN Dropped message on 'jobs.3' for subscription 'jobs.*' of client "
				+ "'direct': dispatch queue or the client's inbound byte budget full (DROP_NEWEST, capacity 1 per "
				+ "thread); every drop is counted in the client's 'dropped'");
		this.release.countDown();
		await().atMost(WAIT).until(() -> this.handled.size() == 2);
		assertThat(this.handled).containsExactly("jobs.1", "jobs.2");
	}

	@Test
	void aStopThatDrainsEverythingLogsNothing() {
		this.subscription = subscription((message) -> this.handled.add(message.routingKey()), 1, 10,
				OverflowPolicy.DROP_NEWEST);
		this.subscription.offer(message("jobs.1"));
		this.subscription.offer(message("jobs.2"));
		assertThat(AwaitLimit.join(this.subscription.stop(Duration.ofSeconds(10)))).isZero();
		assertThat(this.handled).containsExactly("jobs.1", "jobs.2");
		assertThat(this.lines).isEmpty();
		assertThat(this.subscription.isActive()).isFalse();
	}

	@Test
	void aStopWhoseTimeoutPassesLogsWhatItDiscardedAndWhatStillRuns() throws InterruptedException {
		CountDownLatch first = new CountDownLatch(1);
		this.subscription = subscription((message) -> {
			first.countDown();
			awaitQuietly(this.release);
			this.handled.add(message.routingKey());
		}, 1, 10, OverflowPolicy.DROP_NEWEST);
		this.subscription.offer(message("jobs.1"));
		assertThat(first.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		this.subscription.offer(message("jobs.2"));
		assertThat(AwaitLimit.join(this.subscription.stop(Duration.ofMillis(20)))).isEqualTo(1);
		assertThat(this.metrics.discardedOnShutdown()).isEqualTo(1);
		assertThat(this.lines).containsExactly("WARN Subscription 'jobs.*' of client 'direct' stopped after its "
				+ "shutdown timeout of 20 ms: 1 queued message(s) discarded (counted in 'discardedOnShutdown'), 1 "
				+ "handler call(s) still running (not interrupted)");
	}

	private DispatchingSubscription subscription(PubSubMessageHandler handler, int concurrency, int capacity,
			OverflowPolicy policy) {
		SubscribeOptions options = new SubscribeOptions(concurrency, capacity, policy, true, Map.of(),
				Duration.ofSeconds(10));
		return new DispatchingSubscription("direct", List.of("jobs.*"), List.of((key) -> key.startsWith("jobs.")),
				handler, options, this.metrics, this.log, (stopped) -> {
				});
	}

	private PubSubMessage message(String routingKey) {
		return PubSubMessage.builder("direct", routingKey, this.jsonMapper).build();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
