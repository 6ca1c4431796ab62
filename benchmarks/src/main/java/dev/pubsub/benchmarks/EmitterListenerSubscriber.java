package dev.pubsub.benchmarks;

import java.util.concurrent.TimeUnit;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.emitter.EmitterClient;
import dev.pubsub.listener.PubSubListenerContainer;
import dev.pubsub.listener.PubSubListenerEndpointRegistry;

/**
 * Scenario B of the {@code emitter} benchmark: a Spring Boot context with the auto-configured
 * Emitter client ({@code PahoEmitterClient}) and an {@link EmitterTickListener}.
 * <p>
 * On an Emitter broker the {@code bench/} listener's container subscribes remotely with the key
 * from {@code channel-keys}. On Mosquitto, which delivers on the full topic, the catch-all listener
 * receives and {@link EmitterClient#subscribe(String, String, int, dev.pubsub.core.PubSubMessageHandler)}
 * makes the same remote subscription. Either way {@link #stop()} waits for the broker's UNSUBACK.
 */
final class EmitterListenerSubscriber implements BenchmarkSubscriber {

	static final String CLIENT = "bench";

	static final String CLIENT_ID = "bench-listener";

	private final EmitterBenchmarkBroker broker;

	private final PahoTickPublisher publisher;

	private final ConfigurableApplicationContext context;

	private final EmitterClient client;

	private final EmitterTickListener listener;

	private final PubSubListenerContainer container;

	private EmitterListenerSubscriber(EmitterBenchmarkBroker broker, PahoTickPublisher publisher,
			ConfigurableApplicationContext context) {
		this.broker = broker;
		this.publisher = publisher;
		this.context = context;
		this.client = context.getBean(CLIENT, EmitterClient.class);
		this.listener = context.getBean(EmitterTickListener.class);
		String id = broker.routesOnChannel() ? EmitterTickListener.CHANNEL_ID : EmitterTickListener.CATCH_ALL_ID;
		PubSubListenerContainer container = context.getBean(PubSubListenerEndpointRegistry.class).getListenerContainer(id);
		if (container == null) {
			throw new IllegalStateException("No listener container '" + id + "'");
		}
		this.container = container;
	}

	static EmitterListenerSubscriber start(EmitterBenchmarkBroker broker, PahoTickPublisher publisher)
			throws Exception {
		String prefix = "--pubsub.clients." + CLIENT + ".";
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EmitterBenchmarkApplication.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run("--logging.level.root=WARN", prefix + "type=emitter", prefix + "emitter.host=127.0.0.1",
					prefix + "emitter.port=" + broker.port(), prefix + "emitter.client-id=" + CLIENT_ID,
					prefix + "emitter.channel-keys." + EmitterBenchmarkBroker.CHANNEL + "=" + broker.key());
		EmitterListenerSubscriber subscriber = new EmitterListenerSubscriber(broker, publisher, context);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!subscriber.client.isConnected()) {
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("Client '" + CLIENT + "' did not connect within 10 s");
			}
			Thread.sleep(5);
		}
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
		this.listener.resetProbe();
		this.container.start();
		if (!this.broker.routesOnChannel()) {
			this.client.subscribe(this.broker.key(), EmitterBenchmarkBroker.CHANNEL, 0, (message) -> {
			}).get(10, TimeUnit.SECONDS);
		}
		this.publisher.probeUntil(this.listener::probed);
	}

	@Override
	public void stop() throws Exception {
		this.container.stop();
		this.client.unsubscribe(this.broker.key(), EmitterBenchmarkBroker.CHANNEL).get(10, TimeUnit.SECONDS);
	}

	@Override
	public void close() {
		this.context.close();
	}

}
