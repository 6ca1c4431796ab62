package dev.pubsub.core.support;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Builds the bounded executors of the starter's clients, endpoints and broadcasters with Spring's
 * {@link ThreadPoolTaskScheduler} and {@link ThreadPoolTaskExecutor}, so no component hand-rolls its
 * own {@code ThreadPoolExecutor}: one shape for a timer and one for a fixed-size pool whose idle
 * threads end after {@value #KEEP_ALIVE_SECONDS} s. The caller owns what it gets and shuts it down.
 */
public final class PubSubThreads {

	/** How long an idle pool thread lives. */
	public static final int KEEP_ALIVE_SECONDS = 60;

	private PubSubThreads() {
	}

	/**
	 * Return a factory of daemon threads named {@code prefix1}, {@code prefix2}, ...
	 * @param prefix the thread name prefix
	 * @return the factory
	 */
	public static ThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * Create a one-thread timer whose cancelled tasks leave its queue at once.
	 * @param threads makes its thread
	 * @return the timer, started
	 */
	public static ScheduledThreadPoolExecutor timer(ThreadFactory threads) {
		ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
		scheduler.setPoolSize(1);
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setThreadFactory(threads);
		scheduler.initialize();
		return scheduler.getScheduledThreadPoolExecutor();
	}

	/**
	 * Create a pool that runs at most {@code size} tasks at once; more wait in its queue in order and
	 * none is refused while it runs. With a size of 1, tasks run one at a time in submission order.
	 * @param size the most threads
	 * @param threads makes its threads
	 * @return the pool, started
	 */
	public static ThreadPoolExecutor pool(int size, ThreadFactory threads) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(size);
		executor.setMaxPoolSize(size);
		executor.setKeepAliveSeconds(KEEP_ALIVE_SECONDS);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadFactory(threads);
		executor.initialize();
		return executor.getThreadPoolExecutor();
	}

}
