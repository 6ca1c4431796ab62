package dev.pubsub.core;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Shortens the waits of the unit tests when the system property {@value #PROPERTY} is set (in
 * milliseconds). The {@code -Pmutation} profile sets it for the tests PIT runs, so a mutant that
 * stops delivery fails its test after that limit instead of waiting out Awaitility's 10 s default
 * (or a test's own generous limit) until PIT's timeout kills and restarts its worker JVM. Without
 * the property, in every normal build, nothing changes.
 * <p>
 * As a JUnit Jupiter extension it sets Awaitility's default timeout; it is listed in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension} and only loaded where
 * extension auto-detection is enabled ({@code junit.jupiter.extensions.autodetection.enabled},
 * which the profile sets next to the limit). Tests with their own {@code atMost} or latch timeouts
 * pass them through {@link #atMost(Duration)}.
 */
public final class AwaitLimit implements BeforeAllCallback {

	/** The system property holding the limit in milliseconds. */
	public static final String PROPERTY = "pubsub.test.await-limit";

	/**
	 * Return the wait to use: the given generous one, or the configured limit if that is shorter.
	 * @param generous the wait of a normal build
	 * @return the wait
	 */
	public static Duration atMost(Duration generous) {
		Duration limit = configured();
		return (limit != null && limit.compareTo(generous) < 0) ? limit : generous;
	}

	/**
	 * Wait for a future at most {@link #atMost(Duration) atMost(generous)}: a bounded {@code join()}. A
	 * test must never wait without a limit, or a mutant that never completes the future hangs the test
	 * until PIT's own timeout kills its worker JVM instead of failing it.
	 * @param <T> the result type
	 * @param future the future
	 * @param generous the wait of a normal build
	 * @return the future's value
	 * @throws AssertionError if the future is not done in time (naming the limit), or if it failed (with
	 * its cause)
	 */
	public static <T> T join(Future<T> future, Duration generous) {
		Duration limit = atMost(generous);
		try {
			return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			throw new AssertionError("Not done within " + limit, ex);
		}
		catch (ExecutionException ex) {
			throw new AssertionError("Failed: " + ex.getCause(), ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted while waiting", ex);
		}
	}

	/**
	 * {@link #join(Future, Duration)} with a generous wait of 30 s.
	 * @param <T> the result type
	 * @param future the future
	 * @return the future's value
	 */
	public static <T> T join(Future<T> future) {
		return join(future, Duration.ofSeconds(30));
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Duration limit = configured();
		if (limit != null) {
			Awaitility.setDefaultTimeout(limit);
		}
	}

	private static Duration configured() {
		String value = System.getProperty(PROPERTY);
		if (value == null || value.isBlank()) {
			return null;
		}
		return Duration.ofMillis(Long.parseLong(value.trim()));
	}

}
