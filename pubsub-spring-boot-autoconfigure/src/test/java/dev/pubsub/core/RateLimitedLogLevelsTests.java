package dev.pubsub.core;

import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.RateLimitedLog;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RateLimitedLog} at each log level: lines go to the level asked for, nothing is built
 * or counted when that level is off, and a cause's stack trace goes to DEBUG only when DEBUG is on.
 */
class RateLimitedLogLevelsTests {

	private final List<String> lines = new ArrayList<>();

	private final List<Object> causes = new ArrayList<>();

	private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC);

	private Log log(boolean warnEnabled, boolean debugEnabled) {
		return (Log) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Log.class },
				(proxy, method, args) -> switch (method.getName()) {
					case "isWarnEnabled" -> warnEnabled;
					case "isDebugEnabled" -> debugEnabled;
					case "warn", "debug" -> {
						this.lines.add(method.getName() + ": " + args[0]);
						if (args.length > 1) {
							this.causes.add(args[1]);
						}
						yield null;
					}
					default -> (method.getReturnType() == boolean.class) ? false : null;
				});
	}

	@Test
	void debugLinesGoToDebugAndAreRateLimited() {
		RateLimitedLog log = new RateLimitedLog(log(false, true), Duration.ofSeconds(5), this.clock);
		assertThat(log.debug(() -> "late ack")).isTrue();
		assertThat(log.debug(() -> "late ack")).isFalse();
		assertThat(log.suppressedCount()).isEqualTo(1);
		assertThat(this.lines).containsExactly("debug: late ack");
	}

	@Test
	void aDisabledLevelBuildsNothingAndCountsNothing() {
		RateLimitedLog log = new RateLimitedLog(log(false, false), Duration.ofSeconds(5), this.clock);
		assertThat(log.warn(() -> {
			throw new AssertionError("message built for a disabled level");
		})).isFalse();
		assertThat(log.debug(() -> "x")).isFalse();
		assertThat(log.suppressedCount()).isZero();
		assertThat(this.lines).isEmpty();
	}

	@Test
	void warnIsWrittenWhenOnlyWarnIsEnabled() {
		RateLimitedLog log = new RateLimitedLog(log(true, false), Duration.ofSeconds(5), this.clock);
		assertThat(log.debug(() -> "quiet")).isFalse();
		assertThat(log.warn(() -> "loud", new IllegalStateException("boom"))).isTrue();
		assertThat(this.lines).containsExactly("warn: loud: java.lang.IllegalStateException: boom");
		assertThat(this.causes).isEmpty();
	}

	@Test
	void theCauseStackTraceGoesToDebugWhenDebugIsOn() {
		IllegalStateException boom = new IllegalStateException("boom");
		RateLimitedLog log = new RateLimitedLog(log(true, true), Duration.ofSeconds(5), this.clock);
		assertThat(log.warn(() -> "loud", boom)).isTrue();
		assertThat(this.lines).containsExactly("warn: loud: java.lang.IllegalStateException: boom",
				"debug: Cause of the warning above");
		assertThat(this.causes).containsExactly(boom);
		assertThat(log.warn(() -> "loud", boom)).isFalse();
		assertThat(log.suppressedCount()).isEqualTo(1);
	}

	@Test
	void theSummaryNamesTheIntervalInSeconds() {
		Instant[] now = { Instant.parse("2026-12-07T00:00:00Z") };
		Clock moving = new Clock() {

			@Override
			public java.time.ZoneId getZone() {
				return ZoneOffset.UTC;
			}

			@Override
			public Clock withZone(java.time.ZoneId zone) {
				return this;
			}

			@Override
			public Instant instant() {
				return now[0];
			}

		};
		RateLimitedLog log = new RateLimitedLog(log(true, false), Duration.ofSeconds(5), moving);
		log.warn(() -> "w");
		log.warn(() -> "w");
		now[0] = now[0].plusMillis(4_999);
		assertThat(log.warn(() -> "w")).isFalse();
		now[0] = now[0].plusMillis(1);
		assertThat(log.warn(() -> "w")).isTrue();
		assertThat(log.warn(() -> "w")).isFalse();
		assertThat(this.lines).containsExactly("warn: w", "warn: w (2 more like this suppressed in the last 5 s)");
		now[0] = now[0].plusSeconds(5);
		assertThat(log.warn(() -> "w")).isTrue();
		assertThat(this.lines).last().isEqualTo("warn: w (1 more like this suppressed in the last 5 s)");
	}

	@Test
	void theDefaultIntervalIsTenSeconds() {
		assertThat(RateLimitedLog.DEFAULT_INTERVAL).isEqualTo(Duration.ofSeconds(10));
		RateLimitedLog log = new RateLimitedLog(log(true, false));
		assertThat(log.warn(() -> "first")).isTrue();
		assertThat(log.warn(() -> "second")).isFalse();
	}

}
