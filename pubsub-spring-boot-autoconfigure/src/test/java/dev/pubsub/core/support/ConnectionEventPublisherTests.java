package dev.pubsub.core.support;

import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;
import dev.pubsub.core.ConnectionState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionEventPublisher}, driven on the calling thread with a manual event executor:
 * at most {@link AbstractPubSubClient#MAX_PENDING_ERROR_EVENTS} {@code ERROR} events wait for slow
 * listeners, the rest are dropped and counted (with one WARN line), other event types are never dropped,
 * and a delivered or refused event frees its place.
 */
class ConnectionEventPublisherTests {

	private static final int MAX = AbstractPubSubClient.MAX_PENDING_ERROR_EVENTS;

	private final ManualExecutor executor = new ManualExecutor();

	private final List<String> warnings = new CopyOnWriteArrayList<>();

	private final Log log = (Log) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Log.class },
			(proxy, method, args) -> {
				if (method.getName().startsWith("is")) {
					return method.getName().equals("isWarnEnabled");
				}
				if (method.getName().equals("warn")) {
					this.warnings.add(String.valueOf(args[0]));
				}
				return null;
			});

	private final ConnectionEventPublisher publisher = new ConnectionEventPublisher(null, "events", this.log,
			() -> ConnectionState.RECONNECTING, this.executor);

	private final List<ConnectionEvent> seen = new CopyOnWriteArrayList<>();

	@Test
	void errorEventsBeyondTheLimitAreDroppedAndCountedOthersNever() {
		this.publisher.addListener(this.seen::add);
		for (int i = 1; i <= MAX + 3; i++) {
			this.publisher.fire(ConnectionEventType.ERROR, i, new IllegalStateException("e-" + i), Map.of());
		}
		this.publisher.fire(ConnectionEventType.RECONNECTING, 7, null, Map.of("delayMillis", 5L));
		assertThat(this.executor.queued()).isEqualTo(MAX + 1);
		assertThat(this.publisher.droppedErrorEvents()).isEqualTo(3);
		assertThat(this.warnings).containsExactly("Client 'events' dropped an ERROR connection event: " + MAX
				+ " are waiting for slow connection listeners (1 dropped so far)");
		this.executor.runAll();
		assertThat(this.seen).hasSize(MAX + 1);
		assertThat(this.seen.get(0).attempt()).isEqualTo(1);
		assertThat(this.seen.get(MAX - 1).attempt()).isEqualTo(MAX);
		assertThat(this.seen.get(MAX).type()).isEqualTo(ConnectionEventType.RECONNECTING);
		assertThat(this.seen.get(MAX).state()).isEqualTo(ConnectionState.RECONNECTING);
	}

	@Test
	void deliveredErrorEventsFreeTheirPlace() {
		this.publisher.addListener(this.seen::add);
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < MAX; i++) {
				this.publisher.fire(ConnectionEventType.ERROR, i, null, Map.of());
			}
			assertThat(this.executor.queued()).isEqualTo(MAX);
			this.executor.runAll();
		}
		assertThat(this.seen).hasSize(3 * MAX);
		assertThat(this.publisher.droppedErrorEvents()).isZero();
	}

	@Test
	void refusedErrorEventsFreeTheirPlace() {
		this.publisher.addListener(this.seen::add);
		this.executor.refuse = true;
		for (int i = 0; i < MAX + 5; i++) {
			this.publisher.fire(ConnectionEventType.ERROR, i, null, Map.of());
		}
		assertThat(this.publisher.droppedErrorEvents()).isZero();
		this.executor.refuse = false;
		this.publisher.fire(ConnectionEventType.ERROR, 42, null, Map.of());
		this.executor.runAll();
		assertThat(this.seen).singleElement().satisfies((event) -> assertThat(event.attempt()).isEqualTo(42));
	}

	@Test
	void aFailingListenerDoesNotStopTheOthers() {
		this.publisher.addListener((event) -> {
			throw new IllegalStateException("listener failed");
		});
		this.publisher.addListener(this.seen::add);
		this.publisher.fire(ConnectionEventType.CONNECTED, 1, null, Map.of());
		this.executor.runAll();
		assertThat(this.seen).singleElement()
			.satisfies((event) -> assertThat(event.type()).isEqualTo(ConnectionEventType.CONNECTED));
		assertThat(this.warnings).containsExactly("Connection listener of client 'events' failed");
	}

	/** Queues tasks until {@link #runAll()}; refuses them while {@link #refuse} is set. */
	private static final class ManualExecutor implements Executor {

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		private volatile boolean refuse;

		@Override
		public void execute(Runnable task) {
			if (this.refuse) {
				throw new RejectedExecutionException("shut down");
			}
			this.tasks.add(task);
		}

		int queued() {
			return this.tasks.size();
		}

		void runAll() {
			Runnable task;
			while ((task = this.tasks.poll()) != null) {
				task.run();
			}
		}

	}

}
