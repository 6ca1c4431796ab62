package dev.pubsub.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Proxy;

import org.apache.commons.logging.Log;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.support.RateLimitedLog;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitedLogTests {

	private final List<String> lines = new ArrayList<>();

	private final Log recording = (Log) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Log.class },
			(proxy, method, args) -> {
				if (method.getName().startsWith("is")) {
					return method.getName().equals("isWarnEnabled");
				}
				if (method.getName().equals("warn")) {
					this.lines.add(String.valueOf(args[0]));
				}
				return null;
			});

	private Instant now = Instant.parse("2026-12-07T00:00:00Z");

	private final Clock clock = new Clock() {

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
			return RateLimitedLogTests.this.now;
		}

	};

	@Test
	void logsTheFirstOccurrenceThenOneLinePerIntervalWithTheExactSuppressedCount() {
		RateLimitedLog log = new RateLimitedLog(this.recording, Duration.ofSeconds(10), this.clock);
		for (int i = 0; i < 10_000; i++) {
			log.warn(() -> "Dropped a malformed frame");
		}
		assertThat(this.lines).containsExactly("Dropped a malformed frame");
		assertThat(log.suppressedCount()).isEqualTo(9_999);
		this.now = this.now.plusSeconds(9);
		log.warn(() -> "Dropped a malformed frame");
		assertThat(this.lines).hasSize(1);
		this.now = this.now.plusSeconds(1);
		log.warn(() -> "Dropped a malformed frame");
		assertThat(this.lines).hasSize(2);
		assertThat(this.lines.get(1)).isEqualTo("Dropped a malformed frame (10000 more like this suppressed in the last 10 s)");
		assertThat(log.suppressedCount()).isZero();
	}

	@Test
	void appendsTheCauseSanitized() {
		RateLimitedLog log = new RateLimitedLog(this.recording, Duration.ofSeconds(10), this.clock);
		log.warn(() -> "Bad frame", new IllegalStateException("line1\nline2"));
		assertThat(this.lines).containsExactly("Bad frame: java.lang.IllegalStateException: line1\\nline2");
	}

}
