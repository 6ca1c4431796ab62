package dev.pubsub.benchmarks;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.httppubsub.DefaultHttpPubSubClient;

/**
 * Side A: a Spring Boot application with the auto-configured httppubsub client, its receive endpoint
 * on a real Tomcat port of 127.0.0.1 and a {@code @PubSubListener}. The client notifies
 * {@value HttpPubSubTickListener#TOPIC}, the broadcaster POSTs it to the endpoint, and the listener
 * records the latency.
 */
final class HttpPubSubListenerSide implements HttpPubSubSide {

	private static final int CAPACITY = 1 << 20;

	private static final Duration DRAIN = Duration.ofSeconds(10);

	private final ConfigurableApplicationContext context;

	private final DefaultHttpPubSubClient client;

	private final HttpPubSubTickListener listener;

	private HttpPubSubListenerSide(ConfigurableApplicationContext context) {
		this.context = context;
		this.client = context.getBean(HttpPubSubTickListener.CLIENT, DefaultHttpPubSubClient.class);
		this.listener = context.getBean(HttpPubSubTickListener.class);
	}

	static HttpPubSubListenerSide start(HttpPubSubBroadcasterProcess broadcaster, Duration timeout)
			throws Exception {
		int port = HttpPubSubBroadcasterProcess.freePort();
		String prefix = "--pubsub.clients." + HttpPubSubTickListener.CLIENT + ".";
		ConfigurableApplicationContext context = new SpringApplicationBuilder(HttpPubSubBenchmarkApplication.class)
			.web(WebApplicationType.SERVLET)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", "--server.address=127.0.0.1", "--server.port=" + port,
					prefix + "type=httppubsub", prefix + "httppubsub.broadcasters=" + broadcaster.url(),
					prefix + "httppubsub.callback-base-url=http://127.0.0.1:" + port,
					prefix + "httppubsub.secrets-file=" + broadcaster.subscriberSecrets());
		HttpPubSubListenerSide side = new HttpPubSubListenerSide(context);
		try {
			side.awaitSubscribed(timeout);
		}
		catch (Exception ex) {
			side.close();
			throw ex;
		}
		return side;
	}

	private void awaitSubscribed(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!(this.client.isConnected() && this.client.checkSubscriptions().get(10, TimeUnit.SECONDS))) {
			if (System.nanoTime() - deadline > 0) {
				throw new TimeoutException("Client '" + HttpPubSubTickListener.CLIENT
						+ "' did not set its subscriptions within " + timeout);
			}
			Thread.sleep(50);
		}
	}

	@Override
	public String name() {
		return "A Java @PubSubListener";
	}

	@Override
	public HttpPubSubPhase run(Duration duration, int window) throws Exception {
		LatencyRecorder recorder = new LatencyRecorder(CAPACITY);
		this.listener.recordInto(recorder);
		try {
			Semaphore slots = new Semaphore(window);
			AtomicInteger failed = new AtomicInteger();
			int sent = 0;
			long start = System.nanoTime();
			long deadline = start + duration.toNanos();
			while (System.nanoTime() - deadline < 0) {
				if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
					continue;
				}
				long stamp = System.nanoTime();
				this.client.notify(HttpPubSubTickListener.TOPIC, new Tick(sent++, stamp))
					.whenComplete((notified, ex) -> {
						if (ex != null || notified == null || notified != 1) {
							failed.incrementAndGet();
						}
						slots.release();
					});
			}
			if (!slots.tryAcquire(window, 2, TimeUnit.MINUTES)) {
				throw new TimeoutException("Notifies still in flight two minutes after the phase");
			}
			int expected = sent - failed.get();
			long drainDeadline = System.nanoTime() + DRAIN.toNanos();
			while (recorder.received() < expected && System.nanoTime() - drainDeadline < 0) {
				LockSupport.parkNanos(1_000_000);
			}
			return new HttpPubSubPhase(sent, recorder.received(), failed.get(),
					(recorder.received() > 0) ? recorder.lastReceivedNanos() - start : 0, recorder.percentiles());
		}
		finally {
			this.listener.idle();
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
