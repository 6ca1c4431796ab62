package dev.pubsub.core.support;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import dev.pubsub.core.AwaitLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the threads an {@link AbstractPubSubClient} owns ({@link ClientExecutors}): the callback pool
 * is bounded and queues what is over the bound in order, nothing is refused, virtual threads are used
 * only where the JVM has them, and {@link AbstractPubSubClient#destroy()} stops the threads.
 */
class ClientExecutorsTests {

	private static final Duration WAIT = AwaitLimit.atMost(Duration.ofSeconds(30));

	private final StubPubSubClient client = new StubPubSubClient("idle");

	@AfterEach
	void destroy() {
		this.client.destroy();
	}

	@Test
	void theCallbackPoolRunsAtMostCallbackThreadsTasksAndQueuesTheRest() throws Exception {
		this.client.setCallbackThreads(2);
		ExecutorService callbacks = this.client.callbackExecutor();
		CountDownLatch release = new CountDownLatch(1);
		Set<Integer> started = ConcurrentHashMap.newKeySet();
		Set<Integer> finished = ConcurrentHashMap.newKeySet();
		Set<String> threads = ConcurrentHashMap.newKeySet();
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		for (int id = 0; id < 6; id++) {
			int task = id;
			callbacks.execute(() -> {
				started.add(task);
				threads.add(Thread.currentThread().getName());
				mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				running.decrementAndGet();
				finished.add(task);
			});
		}
		await().atMost(WAIT).until(() -> started.size() == 2);
		ThreadPoolExecutor pool = (ThreadPoolExecutor) callbacks;
		// two run and block, the other four wait in the queue: with an unbounded pool all six would run
		assertThat(pool.getPoolSize()).isEqualTo(2);
		assertThat(pool.getQueue()).hasSize(4);
		assertThat(started).hasSize(2);
		release.countDown();
		await().atMost(WAIT).until(() -> finished.size() == 6);
		assertThat(finished).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
		assertThat(mostRunning).hasValue(2);
		assertThat(threads).hasSizeLessThanOrEqualTo(2)
			.allSatisfy((name) -> assertThat(name).startsWith("pubsub-idle-callbacks-"));
	}

	@Test
	void theCallbackPoolIsBoundedByDefaultAndCanGrowAtRuntime() {
		ThreadPoolExecutor pool = (ThreadPoolExecutor) this.client.callbackExecutor();
		assertThat(pool.getMaximumPoolSize()).isEqualTo(AbstractPubSubClient.DEFAULT_CALLBACK_THREADS);
		this.client.setCallbackThreads(40);
		assertThat(pool.getMaximumPoolSize()).isEqualTo(40);
		assertThat(pool.getCorePoolSize()).isEqualTo(40);
		this.client.setCallbackThreads(3);
		assertThat(pool.getMaximumPoolSize()).isEqualTo(3);
		ThreadPoolExecutor auth = (ThreadPoolExecutor) this.client.pooledExecutor("auth");
		assertThat(auth.getMaximumPoolSize()).isEqualTo(3);
		this.client.setCallbackThreads(5);
		assertThat(auth.getMaximumPoolSize()).isEqualTo(5);
	}

	@Test
	void aSerialExecutorRunsTasksOneAtATimeInOrder() {
		ExecutorService serial = this.client.serialExecutor("completions");
		List<Integer> order = new CopyOnWriteArrayList<>();
		CompletableFuture<?>[] done = new CompletableFuture<?>[50];
		for (int i = 0; i < done.length; i++) {
			int task = i;
			done[i] = CompletableFuture.runAsync(() -> order.add(task), serial);
		}
		AwaitLimit.join(CompletableFuture.allOf(done));
		assertThat(order).hasSize(50).isSorted();
		serial.shutdown();
	}

	@Test
	void threadsAreDaemonPlatformThreadsByDefault() throws Exception {
		Thread thread = this.client.callbackExecutor().submit(Thread::currentThread).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(thread.isDaemon()).isTrue();
		assertThat(thread.getName()).startsWith("pubsub-idle-callbacks-");
		Thread timer = this.client.scheduler().submit(Thread::currentThread).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(timer.getName()).startsWith("pubsub-idle-timer-");
	}

	@Test
	void destroyStopsTheClientsThreads() {
		ExecutorService callbacks = this.client.callbackExecutor();
		CompletableFuture<String> ran = CompletableFuture.supplyAsync(() -> "ran", callbacks);
		assertThat(AwaitLimit.join(ran)).isEqualTo("ran");
		this.client.scheduler().schedule(() -> {
		}, 1, TimeUnit.HOURS);
		this.client.destroy();
		await().atMost(WAIT)
			.until(() -> callbacks.isTerminated() && this.client.scheduler().isTerminated()
					&& ((ThreadPoolExecutor) callbacks).getPoolSize() == 0);
	}

	@Test
	void shutdownRunsTheQueuedEventsThenRefusesNewOnes() throws Exception {
		ClientExecutors executors = new ClientExecutors("direct");
		CountDownLatch gate = new CountDownLatch(1);
		List<String> delivered = new CopyOnWriteArrayList<>();
		executors.events().execute(() -> awaitQuietly(gate));
		executors.events().execute(() -> delivered.add("queued-before-shutdown"));
		executors.shutdown();
		assertThat(executors.events().isShutdown()).isTrue();
		assertThat(executors.callbacks().isShutdown()).isTrue();
		assertThat(executors.scheduler().isShutdown()).isTrue();
		assertThatExceptionOfType(RejectedExecutionException.class)
			.isThrownBy(() -> executors.events().execute(() -> delivered.add("after-shutdown")));
		gate.countDown();
		assertThat(executors.events().awaitTermination(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(delivered).containsExactly("queued-before-shutdown");
	}

	@Test
	void callbackThreadsMustBeAtLeastOne() {
		ClientExecutors executors = new ClientExecutors("direct");
		try {
			executors.setCallbackThreads(1);
			assertThat(((ThreadPoolExecutor) executors.callbacks()).getMaximumPoolSize()).isEqualTo(1);
			assertThatIllegalArgumentException().isThrownBy(() -> executors.setCallbackThreads(0))
				.withMessage("callback threads must be at least 1");
			assertThat(((ThreadPoolExecutor) executors.callbacks()).getMaximumPoolSize()).isEqualTo(1);
		}
		finally {
			executors.shutdown();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void virtualThreadsBeforeJava21FailWithTheReason() {
		assertThatIllegalStateException().isThrownBy(() -> this.client.setVirtualThreads(true))
			.withMessageContaining("Java 21");
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void virtualThreadsRunTheCallbacksTheTimerAndProviderExecutors() throws Exception {
		this.client.setVirtualThreads(true);
		assertThat(isVirtual(this.client.callbackExecutor().submit(Thread::currentThread).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)))
			.isTrue();
		assertThat(isVirtual(this.client.scheduler().submit(Thread::currentThread).get(WAIT.toMillis(), TimeUnit.MILLISECONDS)))
			.isTrue();
		ExecutorService serial = this.client.serialExecutor("completions");
		assertThat(isVirtual(serial.submit(Thread::currentThread).get(WAIT.toMillis(), TimeUnit.MILLISECONDS))).isTrue();
		serial.shutdown();
	}

	/** {@code Thread.isVirtual()}, which this Java 17 build cannot call directly. */
	static boolean isVirtual(Thread thread) throws ReflectiveOperationException {
		return (Boolean) Thread.class.getMethod("isVirtual").invoke(thread);
	}

}
