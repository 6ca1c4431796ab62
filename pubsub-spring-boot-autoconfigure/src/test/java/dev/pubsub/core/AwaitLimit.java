package dev.pubsub.core;

import java.time.Duration;

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
