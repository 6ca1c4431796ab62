package dev.pubsub.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.listener.PubSubListenerContainer;
import dev.pubsub.listener.PubSubListenerEndpointRegistry;
import dev.pubsub.test.realtime.EmbeddedRealtimeGateway;

/**
 * Scenario B: a Spring Boot context with the auto-configured Realtime client and a
 * {@code @PubSubListener("bench.*")} method; starting and stopping its listener container
 * subscribes and unsubscribes the topic at the gateway.
 */
final class ListenerSubscriber implements BenchmarkSubscriber {

	static final String CLIENT = "bench";

	private final EmbeddedRealtimeGateway gateway;

	private final ConfigurableApplicationContext context;

	private final TickListener listener;

	private final PubSubListenerContainer container;

	private ListenerSubscriber(EmbeddedRealtimeGateway gateway, ConfigurableApplicationContext context) {
		this.gateway = gateway;
		this.context = context;
		this.listener = context.getBean(TickListener.class);
		PubSubListenerContainer container = context.getBean(PubSubListenerEndpointRegistry.class)
			.getListenerContainer(TickListener.ID);
		if (container == null) {
			throw new IllegalStateException("No listener container '" + TickListener.ID + "'");
		}
		this.container = container;
	}

	static ListenerSubscriber start(EmbeddedRealtimeGateway gateway, String token)
			throws InterruptedException, TimeoutException {
		String prefix = "--pubsub.clients." + CLIENT + ".";
		ConfigurableApplicationContext context = new SpringApplicationBuilder(ListenerBenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", prefix + "type=realtime", prefix + "realtime.url=" + gateway.url(),
					prefix + "realtime.app-id=" + gateway.appId(), prefix + "realtime.access-token=" + token);
		ListenerSubscriber subscriber = new ListenerSubscriber(gateway, context);
		subscriber.awaitConnected(Duration.ofSeconds(10));
		return subscriber;
	}

	@Override
	public String name() {
		return "B @PubSubListener";
	}

	@Override
	public void recordInto(LatencyRecorder recorder) {
		this.listener.recordInto(recorder);
	}

	@Override
	public void start() throws Exception {
		this.container.start();
		Gateways.awaitSubscribers(this.gateway, 1, Duration.ofSeconds(10));
	}

	@Override
	public void stop() throws Exception {
		this.container.stop();
		Gateways.awaitSubscribers(this.gateway, 0, Duration.ofSeconds(10));
	}

	@Override
	public void close() {
		this.context.close();
	}

	private void awaitConnected(Duration timeout) throws InterruptedException, TimeoutException {
		PubSubClient client = this.context.getBean(CLIENT, PubSubClient.class);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!client.isConnected()) {
			if (System.nanoTime() - deadline > 0) {
				throw new TimeoutException("Client '" + CLIENT + "' did not connect within " + timeout);
			}
			Thread.sleep(5);
		}
	}

}
