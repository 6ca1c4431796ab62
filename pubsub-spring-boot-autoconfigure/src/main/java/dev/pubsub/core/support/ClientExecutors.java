package dev.pubsub.core.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.util.Assert;

/**
 * The threads one client owns, built with Spring's {@link ThreadPoolTaskScheduler} and
 * {@link ThreadPoolTaskExecutor}: one timer thread, one event thread, a callback pool bounded by
 * {@link #setCallbackThreads(int)}, and the serial or pooled executors a provider asks for. All threads
 * are daemon threads named {@code pubsub-<client>-<role>-<n>}, or virtual threads after
 * {@link #setVirtualThreads(boolean) setVirtualThreads(true)}.
 * <p>
 * The executors exist from construction (providers keep references to them), but their threads are
 * started only when tasks arrive and every thread is made by a factory that reads the current
 * setting, so settings applied before the client starts hold for all its threads. Idle pool threads
 * other than the timer end after {@value #KEEP_ALIVE_SECONDS} s.
 */
final class ClientExecutors {

	/** The default size of the callback pool ({@code pubsub.clients.<name>.callback-threads}). */
	static final int DEFAULT_CALLBACK_THREADS = 16;

	private static final int KEEP_ALIVE_SECONDS = 60;

	private final String clientName;

	private final ThreadPoolTaskScheduler scheduler;

	private final ThreadPoolTaskExecutor events;

	private final ThreadPoolTaskExecutor callbacks;

	private final List<ThreadPoolTaskExecutor> pooled = new CopyOnWriteArrayList<>();

	private volatile boolean virtualThreads;

	private volatile int callbackThreads = DEFAULT_CALLBACK_THREADS;

	ClientExecutors(String clientName) {
		this.clientName = clientName;
		ThreadPoolTaskScheduler timer = new ThreadPoolTaskScheduler();
		timer.setPoolSize(1);
		timer.setRemoveOnCancelPolicy(true);
		timer.setThreadFactory(new ClientThreadFactory("timer"));
		timer.initialize();
		this.scheduler = timer;
		this.events = serial("events");
		this.callbacks = pool("callbacks");
	}

	/**
	 * Use virtual threads (Java 21 and later) or daemon platform threads for every thread started from
	 * now on.
	 * @param virtualThreads {@code true} for virtual threads
	 * @throws IllegalStateException when virtual threads are asked for and the JVM has none
	 */
	void setVirtualThreads(boolean virtualThreads) {
		if (virtualThreads) {
			try {
				new VirtualThreadTaskExecutor("pubsub-probe-");
			}
			catch (UnsupportedOperationException ex) {
				throw new IllegalStateException("Client '" + this.clientName
						+ "' cannot use virtual threads: they need Java 21 or later, this is Java "
						+ System.getProperty("java.version"), ex);
			}
		}
		this.virtualThreads = virtualThreads;
	}

	boolean isVirtualThreads() {
		return this.virtualThreads;
	}

	/**
	 * Set the most threads the callback pool (and each pooled executor) may run at once; further tasks
	 * wait in its queue in order.
	 * @param threads the maximum, at least 1
	 */
	void setCallbackThreads(int threads) {
		Assert.isTrue(threads >= 1, "callback threads must be at least 1");
		this.callbackThreads = threads;
		this.pooled.forEach((pool) -> resize(pool, threads));
	}

	int callbackThreads() {
		return this.callbackThreads;
	}

	ScheduledExecutorService scheduler() {
		return this.scheduler.getScheduledExecutor();
	}

	ExecutorService events() {
		return this.events.getThreadPoolExecutor();
	}

	ExecutorService callbacks() {
		return this.callbacks.getThreadPoolExecutor();
	}

	/**
	 * Create a single-thread executor: tasks run one at a time, in submission order. The caller shuts
	 * it down (a provider in its {@code destroy()}, after its own draining); its idle thread ends after
	 * {@value #KEEP_ALIVE_SECONDS} s anyway.
	 * @param role names the threads
	 * @return the executor
	 */
	ExecutorService serialExecutor(String role) {
		return serial(role).getThreadPoolExecutor();
	}

	/**
	 * Create an executor with at most {@link #setCallbackThreads(int) callback-threads} threads. The
	 * caller shuts it down, as for {@link #serialExecutor(String)}.
	 * @param role names the threads
	 * @return the executor
	 */
	ExecutorService pooledExecutor(String role) {
		return pool(role).getThreadPoolExecutor();
	}

	/**
	 * Stop the client's own threads: the timer at once (pending timers are cancelled), the event and
	 * callback threads after the tasks already queued.
	 */
	void shutdown() {
		this.scheduler.getScheduledExecutor().shutdownNow();
		this.events.getThreadPoolExecutor().shutdown();
		this.callbacks.getThreadPoolExecutor().shutdown();
	}

	private ThreadPoolTaskExecutor serial(String role) {
		return executor(role, 1);
	}

	private ThreadPoolTaskExecutor pool(String role) {
		ThreadPoolTaskExecutor executor = executor(role, this.callbackThreads);
		this.pooled.add(executor);
		return executor;
	}

	private ThreadPoolTaskExecutor executor(String role, int threads) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(threads);
		executor.setMaxPoolSize(threads);
		executor.setKeepAliveSeconds(KEEP_ALIVE_SECONDS);
		executor.setAllowCoreThreadTimeOut(true);
		executor.setThreadFactory(new ClientThreadFactory(role));
		executor.initialize();
		return executor;
	}

	private static void resize(ThreadPoolTaskExecutor executor, int threads) {
		if (threads > executor.getMaxPoolSize()) {
			executor.setMaxPoolSize(threads);
			executor.setCorePoolSize(threads);
		}
		else {
			executor.setCorePoolSize(threads);
			executor.setMaxPoolSize(threads);
		}
	}

	/**
	 * Makes the threads of one role: virtual or daemon platform threads, as the client's setting is
	 * when the thread is made.
	 */
	private final class ClientThreadFactory implements ThreadFactory {

		private final String prefix;

		private final CustomizableThreadFactory platform;

		private volatile @Nullable ThreadFactory virtual;

		ClientThreadFactory(String role) {
			this.prefix = "pubsub-" + ClientExecutors.this.clientName + "-" + role + "-";
			this.platform = new CustomizableThreadFactory(this.prefix);
			this.platform.setDaemon(true);
		}

		@Override
		public Thread newThread(Runnable runnable) {
			if (!ClientExecutors.this.virtualThreads) {
				return this.platform.newThread(runnable);
			}
			ThreadFactory factory = this.virtual;
			if (factory == null) {
				factory = new VirtualThreadTaskExecutor(this.prefix).getVirtualThreadFactory();
				this.virtual = factory;
			}
			return factory.newThread(runnable);
		}

	}

}
