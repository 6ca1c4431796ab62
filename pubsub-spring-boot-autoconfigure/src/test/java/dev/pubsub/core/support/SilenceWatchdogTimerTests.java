package dev.pubsub.core.support;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the timer {@link SilenceWatchdog} keeps on its scheduler, on the calling thread: one
 * pending check while watching, none left once stopped (a closed session holds no task for a whole
 * limit), and stopping a watchdog that never started is harmless.
 */
class SilenceWatchdogTimerTests {

	private final ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);

	private final AtomicInteger silences = new AtomicInteger();

	private final SilenceWatchdog watchdog = new SilenceWatchdog(this.scheduler, () -> false,
			this.silences::incrementAndGet);

	SilenceWatchdogTimerTests() {
		this.scheduler.setRemoveOnCancelPolicy(true);
	}

	@AfterEach
	void shutdown() {
		this.scheduler.shutdownNow();
	}

	@Test
	void stoppingCancelsThePendingCheck() {
		this.watchdog.start(3_600_000);
		assertThat(this.scheduler.getQueue()).hasSize(1);
		this.watchdog.stop();
		assertThat(this.scheduler.getQueue()).isEmpty();
		this.watchdog.start(3_600_000);
		assertThat(this.scheduler.getQueue()).as("a stopped watchdog stays stopped").isEmpty();
		assertThat(this.silences).hasValue(0);
	}

	@Test
	void stoppingBeforeStartingIsHarmless() {
		this.watchdog.stop();
		this.watchdog.start(3_600_000);
		assertThat(this.scheduler.getQueue()).isEmpty();
		assertThat(this.silences).hasValue(0);
	}

}
