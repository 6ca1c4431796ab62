package dev.pubsub.core.support;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.pubsub.core.AwaitLimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link SilenceWatchdog} (the Engine.IO heartbeat rule, used by every WebSocket provider through
 * {@link WebSocketSessionHolder}) on a real scheduler: frames other than pings keep a session alive (a
 * ping queued behind a burst), silence ends it once, and time paused by back-pressure does not count.
 */
class SilenceWatchdogTests {

	private static final long LIMIT = 1_000;

	private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);

	private final AtomicInteger dead = new AtomicInteger();

	private final AtomicBoolean paused = new AtomicBoolean();

	private final SilenceWatchdog heartbeat = new SilenceWatchdog(this.scheduler, this.paused::get,
			this.dead::incrementAndGet);

	@AfterEach
	void shutdown() {
		this.heartbeat.stop();
		this.scheduler.shutdownNow();
	}

	@Test
	void framesWithoutPingsKeepTheSessionAliveAndSilenceEndsItOnce() {
		this.heartbeat.start(LIMIT);
		ScheduledFuture<?> burst = this.scheduler.scheduleAtFixedRate(this.heartbeat::frameReceived, 50, 50,
				TimeUnit.MILLISECONDS);
		await().during(Duration.ofMillis(3 * LIMIT)).atMost(Duration.ofSeconds(10)).until(() -> this.dead.get() == 0);
		burst.cancel(false);
		await().atMost(AwaitLimit.atMost(Duration.ofSeconds(10))).until(() -> this.dead.get() == 1);
		await().during(Duration.ofMillis(2 * LIMIT)).atMost(Duration.ofSeconds(10)).until(() -> this.dead.get() == 1);
	}

	@Test
	void timePausedByBackPressureDoesNotCount() {
		this.paused.set(true);
		this.heartbeat.start(LIMIT);
		await().during(Duration.ofMillis(3 * LIMIT)).atMost(Duration.ofSeconds(10)).until(() -> this.dead.get() == 0);
		this.paused.set(false);
		await().atMost(AwaitLimit.atMost(Duration.ofSeconds(10))).until(() -> this.dead.get() == 1);
	}

	@Test
	void stoppedHeartbeatNeverFires() {
		this.heartbeat.start(200);
		this.heartbeat.stop();
		this.heartbeat.frameReceived();
		await().during(Duration.ofMillis(1_000)).atMost(Duration.ofSeconds(5)).until(() -> this.dead.get() == 0);
		assertThat(this.heartbeat.limitMillis()).isEqualTo(200);
	}

}
