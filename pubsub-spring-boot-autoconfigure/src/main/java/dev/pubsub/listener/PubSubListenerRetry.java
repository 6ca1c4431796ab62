package dev.pubsub.listener;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;

/**
 * The retry decisions of one listener: Spring Framework's {@link RetryPolicy} (its
 * {@code shouldRetry} and its {@link org.springframework.util.backoff.BackOff}, whose execution
 * gives each interval), plus the failures that are never retried: conversion and argument
 * resolution failures (Spring Messaging's {@code MethodArgumentNotValidException} from a failed
 * {@code @Valid} included), {@link MessageConversionException}, and the configured not-retryable
 * exception types, each matched anywhere in the cause chain.
 * <p>
 * Back-off waits happen on the listener's own thread, so the message holds its lane (order per
 * topic is kept). A container that stops wakes every waiting thread: the message then goes to the
 * recoverer at once instead of waiting out its back-off.
 */
final class PubSubListenerRetry {

	private final @Nullable RetryPolicy policy;

	private final List<Class<? extends Throwable>> notRetryable;

	private final Object monitor = new Object();

	private boolean stopping;

	/**
	 * Create the retry decisions of one listener.
	 * @param policy the retry policy, or {@code null} for no retry
	 * @param notRetryable exception types that are never retried
	 */
	PubSubListenerRetry(@Nullable RetryPolicy policy, List<Class<? extends Throwable>> notRetryable) {
		this.policy = policy;
		this.notRetryable = List.copyOf(notRetryable);
	}

	/**
	 * Start the attempts for one message.
	 * @return the per-message state
	 */
	Attempts start() {
		return new Attempts();
	}

	/**
	 * Whether the failure, or one of its causes, must never be retried.
	 * @param failure the failure
	 * @return {@code true} for conversion, validation and configured not-retryable failures
	 */
	boolean isNotRetryable(Throwable failure) {
		if (PubSubListenerExceptions.isNotRetryable(failure)) {
			return true;
		}
		Throwable current = failure;
		int depth = 0;
		while (current != null && depth++ < 32) {
			for (Class<? extends Throwable> type : this.notRetryable) {
				if (type.isInstance(current)) {
					return true;
				}
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

	/**
	 * Wait before the next attempt, unless the container stops meanwhile.
	 * @param millis the back-off
	 * @return {@code true} to attempt again, {@code false} if the container is stopping
	 */
	boolean backOff(long millis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		synchronized (this.monitor) {
			while (!this.stopping) {
				long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
				if (remaining <= 0) {
					return true;
				}
				try {
					this.monitor.wait(remaining);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return false;
		}
	}

	/**
	 * The container stops: wake every thread waiting for its next attempt.
	 */
	void stopping() {
		synchronized (this.monitor) {
			this.stopping = true;
			this.monitor.notifyAll();
		}
	}

	/**
	 * The container (re)starts: back-off waits are allowed again.
	 */
	void started() {
		synchronized (this.monitor) {
			this.stopping = false;
		}
	}

	/**
	 * The attempts for one message: its back-off execution, started at the first failure.
	 */
	final class Attempts {

		private final long startNanos = System.nanoTime();

		private @Nullable BackOffExecution execution;

		private int attempts;

		/**
		 * Record one invocation.
		 * @return the number of invocations so far
		 */
		int attempted() {
			return ++this.attempts;
		}

		int count() {
			return this.attempts;
		}

		/**
		 * Decide about a failed attempt.
		 * @param failure the failure
		 * @return the back-off in milliseconds before the next attempt, or {@code -1} to give up
		 */
		long nextBackOff(Throwable failure) {
			RetryPolicy retryPolicy = PubSubListenerRetry.this.policy;
			if (retryPolicy == null || isNotRetryable(failure) || !retryPolicy.shouldRetry(failure)) {
				return -1;
			}
			BackOffExecution current = this.execution;
			if (current == null) {
				current = retryPolicy.getBackOff().start();
				this.execution = current;
			}
			long interval = current.nextBackOff();
			if (interval == BackOffExecution.STOP) {
				return -1;
			}
			Duration timeout = retryPolicy.getTimeout();
			if (timeout != null && !timeout.isZero() && !timeout.isNegative()
					&& TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.startNanos) + interval > timeout.toMillis()) {
				return -1;
			}
			return Math.max(0, interval);
		}

	}

}
