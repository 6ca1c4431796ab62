package dev.pubsub.sample.realtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import dev.pubsub.realtime.RealtimeClient;

/**
 * Publishes a greeting every few seconds and logs the listener's reply.
 */
@Component
public class GreetingPublisher {

	private static final Log logger = LogFactory.getLog(GreetingPublisher.class);

	private final RealtimeClient gateway;

	private final AtomicLong seq = new AtomicLong();

	private final AtomicLong replies = new AtomicLong();

	public GreetingPublisher(RealtimeClient gateway) {
		this.gateway = gateway;
	}

	@Scheduled(initialDelayString = "${sample.realtime.publish-initial-delay:1s}",
			fixedDelayString = "${sample.realtime.publish-interval:3s}")
	void publish() {
		if (!this.gateway.isConnected()) {
			logger.info("Gateway client not connected yet (" + this.gateway.state() + ")");
			return;
		}
		long n = this.seq.incrementAndGet();
		this.gateway.publish("greetings", new Greeting(n, "world #" + n), "hello")
			.waitForReply(Duration.ofSeconds(5))
			.whenComplete((reply, ex) -> {
				if (ex != null) {
					logger.warn("No reply to greeting #" + n + ": " + ex);
				}
				else {
					this.replies.incrementAndGet();
					logger.info("Publisher got reply: " + reply.dataAs(GreetingReply.class));
				}
			});
	}

	/**
	 * Return the number of replies received.
	 * @return the count
	 */
	public long replies() {
		return this.replies.get();
	}

}
