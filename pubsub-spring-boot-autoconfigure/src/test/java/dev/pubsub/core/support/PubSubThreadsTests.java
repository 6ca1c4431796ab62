package dev.pubsub.core.support;

import java.time.Duration;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.pubsub.core.AwaitLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PubSubThreads}: a pool runs as many tasks at once as its size (not one thread with a
 * queue behind it), queues the rest in order, lets idle threads end; a timer drops cancelled tasks from
 * its queue at once, so a long timeout cancelled early holds no memory until it would have fired.
 */
class PubSubThreadsTests {

	private static final Duration WAIT = AwaitLimit.atMost(Duration.ofSeconds(30));

	@Test
	void aPoolRunsSizeTasksAtOnceAndQueuesTheRest() throws Exception {
		ThreadPoolExecutor pool = PubSubThreads.pool(3, PubSubThreads.daemonThreads("pool-test-"));
		try {
			// each of the three tasks waits for the other two: only three threads at once get past it
			CyclicBarrier together = new CyclicBarrier(3);
			CyclicBarrier release = new CyclicBarrier(4);
			Future<?>[] running = new Future<?>[3];
			for (int i = 0; i < running.length; i++) {
				running[i] = pool.submit(() -> {
					together.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
					return release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
				});
			}
			await().atMost(WAIT).until(() -> together.getNumberWaiting() == 0 && release.getNumberWaiting() == 3);
			Future<String> fourth = pool.submit(() -> Thread.currentThread().getName());
			assertThat(pool.getQueue()).hasSize(1);
			assertThat(pool.getPoolSize()).isEqualTo(3);
			release.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			for (Future<?> task : running) {
				AwaitLimit.join(task);
			}
			assertThat(AwaitLimit.join(fourth)).startsWith("pool-test-");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void idlePoolThreadsEndAfterTheKeepAlive() {
		ThreadPoolExecutor pool = PubSubThreads.pool(2, PubSubThreads.daemonThreads("idle-test-"));
		try {
			// what makes an idle client hold no threads: core threads too end after the keep-alive
			assertThat(pool.allowsCoreThreadTimeOut()).isTrue();
			assertThat(pool.getKeepAliveTime(TimeUnit.SECONDS)).isEqualTo(PubSubThreads.KEEP_ALIVE_SECONDS);
			assertThat(pool.getMaximumPoolSize()).isEqualTo(2);
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void aCancelledTimerTaskLeavesTheQueueAtOnce() throws Exception {
		ScheduledThreadPoolExecutor timer = PubSubThreads.timer(PubSubThreads.daemonThreads("timer-test-"));
		try {
			ScheduledFuture<?> later = timer.schedule(() -> {
			}, 1, TimeUnit.HOURS);
			assertThat(timer.getQueue()).hasSize(1);
			later.cancel(false);
			assertThat(timer.getQueue()).isEmpty();
			Thread thread = timer.submit(Thread::currentThread).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			assertThat(thread.getName()).startsWith("timer-test-");
			assertThat(thread.isDaemon()).isTrue();
		}
		finally {
			timer.shutdownNow();
		}
	}

}
