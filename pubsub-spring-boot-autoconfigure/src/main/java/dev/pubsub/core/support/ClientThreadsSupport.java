package dev.pubsub.core.support;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

import org.springframework.util.Assert;

/**
 * The thread part of the client facade's API, which extends this class: the executors a provider asks
 * for (timer, callbacks, serial and pooled executors of its own) and the thread settings the
 * auto-configuration applies (virtual threads, callback threads). The threads themselves are
 * {@link ClientExecutors}; the facade stops them in its {@code destroy()}.
 */
abstract class ClientThreadsSupport {

	final ClientExecutors executors;

	ClientThreadsSupport(String name) {
		Assert.hasText(name, "name must not be empty");
		this.executors = new ClientExecutors(name);
	}

	/**
	 * A factory of daemon threads that all carry the given name, for executors a provider builds
	 * itself. Prefer {@link #serialExecutor(String)} and {@link #pooledExecutor(String)}, which follow
	 * the client's thread settings and stop with the client.
	 * @param threadName the thread name
	 * @return the thread factory
	 */
	protected static ThreadFactory daemon(String threadName) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, threadName);
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Return the client's single timer thread; connection attempts run on it too.
	 * @return the scheduler
	 */
	protected ScheduledExecutorService scheduler() {
		return this.executors.scheduler();
	}

	/**
	 * Return the executor on which futures handed to users are completed, so that their
	 * continuations never run on a network I/O thread. It runs at most
	 * {@link #setCallbackThreads(int) callback-threads} tasks at once; more wait in order.
	 * @return the callback executor
	 */
	protected ExecutorService callbackExecutor() {
		return this.executors.callbacks();
	}

	/**
	 * Create an executor of this client that runs one task at a time, in submission order, on a
	 * thread named {@code pubsub-<name>-<role>-<n>} (virtual when the client uses virtual threads).
	 * The provider shuts it down in its {@link #destroy()}, after its own draining; an idle thread
	 * ends after a minute anyway.
	 * @param role names the thread
	 * @return the executor
	 */
	protected ExecutorService serialExecutor(String role) {
		return this.executors.serialExecutor(role);
	}

	/**
	 * Create an executor of this client that runs at most {@link #setCallbackThreads(int)
	 * callback-threads} tasks at once (more wait in order), on threads named
	 * {@code pubsub-<name>-<role>-<n>}. The provider shuts it down, as for
	 * {@link #serialExecutor(String)}.
	 * @param role names the threads
	 * @return the executor
	 */
	protected ExecutorService pooledExecutor(String role) {
		return this.executors.pooledExecutor(role);
	}

	/**
	 * Run the client's threads (timer, events, callbacks and the executors of its provider) as
	 * virtual threads, or as daemon platform threads (the default). Applies to threads started from
	 * now on, so set it before the client starts; the auto-configuration sets it from
	 * {@code spring.threads.virtual.enabled} on Java 21 and later, as Boot's own executors do.
	 * @param virtualThreads {@code true} for virtual threads
	 * @throws IllegalStateException when virtual threads are asked for before Java 21
	 */
	public void setVirtualThreads(boolean virtualThreads) {
		this.executors.setVirtualThreads(virtualThreads);
	}

	/**
	 * Set how many threads may complete user futures at once (the callback pool, and each pooled
	 * executor of the provider); tasks beyond that wait in order. Default
	 * {@value ClientExecutors#DEFAULT_CALLBACK_THREADS}; idle threads end after a minute.
	 * @param callbackThreads the maximum, at least 1
	 */
	public void setCallbackThreads(int callbackThreads) {
		this.executors.setCallbackThreads(callbackThreads);
	}

}
