package dev.pubsub.core.support;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.util.Assert;

/**
 * The threads one client owns, built with Spring's task scheduler and executor through
 * {@link PubSubThreads}: one timer thread, one event thread, a callback pool bounded by
 * {@link #setCallbackThreads(int)}, and the serial or pooled executors a provider asks for. All threads
 * are daemon threads named {@code pubsub-<client>-<role>-<n>}, or virtual threads after
 * {@link #setVirtualThreads(boolean) setVirtualThreads(true)}.
 * <p>
 * The executors exist from construction (providers keep references to them), but their threads are
 * started only when tasks arrive and every thread is made by a factory that reads the current
 * setting, so settings applied before the client starts hold for all its threads. Idle pool threads
 * other than the timer end after {@value PubSubThreads#KEEP_ALIVE_SECONDS} s.
 */
final class ClientExecutors {

	/** The default size of the callback pool ({@code pubsub.clients.<name>.callback-threads}). */
	static final int DEFAULT_CALLBACK_THREADS = 16;

	private final String clientName;

	private final ScheduledExecutorService scheduler;

	private final ThreadPoolExecutor events;

	private final ThreadPoolExecutor callbacks;

	private final List<ThreadPoolExecutor> pooled = new CopyOnWriteArrayList<>();

	private volatile boolean virtualThreads;

	private volatile int callbackThreads = DEFAULT_CALLBACK_THREADS;

	ClientExecutors(String clientName) {
		this.clientName = clientName;
		this.scheduler = PubSubThreads.timer(new ClientThreadFactory("timer"));
		this.events = PubSubThreads.pool(1, new ClientThreadFactory("events"));
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

	ScheduledExecutorService scheduler() {
		return this.scheduler;
	}

	ExecutorService events() {
		return this.events;
	}

	ExecutorService callbacks() {
		return this.callbacks;
	}

	/**
	 * Create a single-thread executor: tasks run one at a time, in submission order. The caller shuts
	 * it down (a provider in its {@code destroy()}, after its own draining); its idle thread ends after
	 * {@value PubSubThreads#KEEP_ALIVE_SECONDS} s anyway.
	 * @param role names the threads
	 * @return the executor
	 */
	ExecutorService serialExecutor(String role) {
		return PubSubThreads.pool(1, new ClientThreadFactory(role));
	}

	/**
	 * Create an executor with at most {@link #setCallbackThreads(int) callback-threads} threads. The
	 * caller shuts it down, as for {@link #serialExecutor(String)}.
	 * @param role names the threads
	 * @return the executor
	 */
	ExecutorService pooledExecutor(String role) {
		return pool(role);
	}

	/**
	 * Stop the client's own threads: the timer at once (pending timers are cancelled), the event and
	 * callback threads after the tasks already queued.
	 */
	void shutdown() {
		this.scheduler.shutdownNow();
		this.events.shutdown();
		this.callbacks.shutdown();
	}

	private ThreadPoolExecutor pool(String role) {
		ThreadPoolExecutor pool = PubSubThreads.pool(this.callbackThreads, new ClientThreadFactory(role));
		this.pooled.add(pool);
		return pool;
	}

	private static void resize(ThreadPoolExecutor pool, int threads) {
		if (threads > pool.getMaximumPoolSize()) {
			pool.setMaximumPoolSize(threads);
			pool.setCorePoolSize(threads);
		}
		else {
			pool.setCorePoolSize(threads);
			pool.setMaximumPoolSize(threads);
		}
	}

	/**
	 * Makes the threads of one role: virtual or daemon platform threads, as the client's setting is
	 * when the thread is made.
	 */
	private final class ClientThreadFactory implements ThreadFactory {

		private final String prefix;

		private final ThreadFactory platform;

		private volatile @Nullable ThreadFactory virtual;

		ClientThreadFactory(String role) {
			this.prefix = "pubsub-" + ClientExecutors.this.clientName + "-" + role + "-";
			this.platform = PubSubThreads.daemonThreads(this.prefix);
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
