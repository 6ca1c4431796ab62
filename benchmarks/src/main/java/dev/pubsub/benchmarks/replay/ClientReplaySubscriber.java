package dev.pubsub.benchmarks.replay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.core.PubSubClient;
import dev.pubsub.core.Subscription;
import dev.pubsub.test.realtime.JwtTestTokens;

/**
 * Our client in a minimal Spring Boot context (auto-configuration, one client {@value #CLIENT} from
 * {@code pubsub.clients.bench.*} properties): either a raw {@link PubSubClient#subscribe(String,
 * dev.pubsub.core.PubSubMessageHandler)} handler that reads the payload's {@code seq} from
 * {@code payloadAsJson()}, or a {@code @PubSubListener} method taking a {@link ReplayTick} record.
 */
final class ClientReplaySubscriber implements AutoCloseable {

	static final String CLIENT = "bench";

	private final ConfigurableApplicationContext context;

	private ClientReplaySubscriber(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static ClientReplaySubscriber start(String provider, boolean listener, int port, ReplayMeter meter) {
		List<Class<?>> sources = new ArrayList<>();
		sources.add(ReplayApplication.class);
		if (listener) {
			sources.add(switch (provider) {
				case "realtime" -> ReplayListeners.Realtime.class;
				case "wsrpc" -> ReplayListeners.WsRpc.class;
				case "emitter" -> ReplayListeners.Emitter.class;
				case "realtimex" -> ReplayListeners.RealtimeX.class;
				case "httppubsub" -> ReplayListeners.HttpPubSub.class;
				default -> throw new IllegalArgumentException("Unknown provider '" + provider + "'");
			});
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
			.web("httppubsub".equals(provider) ? WebApplicationType.SERVLET : WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.logStartupInfo(false)
			.run(properties(provider, port));
		if (!listener) {
			PubSubClient client = context.getBean(CLIENT, PubSubClient.class);
			Subscription subscription = client.subscribe(pattern(provider), (message) -> {
				var payload = message.payloadAsJson();
				payload.get("seq").asLong();
				meter.hit(payload.get("sentNanos").asLong());
			});
			if (subscription == null) {
				throw new IllegalStateException("no subscription");
			}
		}
		return new ClientReplaySubscriber(context);
	}

	static String pattern(String provider) {
		return switch (provider) {
			case "realtime", "realtimex" -> ReplayTopics.TOPIC + ".*";
			case "wsrpc", "httppubsub" -> ReplayTopics.TOPIC;
			case "emitter" -> ReplayTopics.EMITTER_CHANNEL;
			default -> throw new IllegalArgumentException("Unknown provider '" + provider + "'");
		};
	}

	private static String[] properties(String provider, int port) {
		return properties(CLIENT, provider, port).toArray(String[]::new);
	}

	/**
	 * The command-line properties of one client.
	 * @param client the client name
	 * @param provider the provider
	 * @param port the replay server's port
	 * @return {@code --name=value} arguments
	 */
	static List<String> properties(String client, String provider, int port) {
		String prefix = "--pubsub.clients." + client + ".";
		List<String> properties = new ArrayList<>(List.of("--logging.level.root=WARN", prefix + "type=" + provider));
		switch (provider) {
			case "realtime" -> properties.addAll(List.of(prefix + "realtime.url=ws://127.0.0.1:" + port,
					prefix + "realtime.app-id=" + ReplayTopics.APP_ID, prefix + "realtime.access-token="
							+ JwtTestTokens.withRandomSecret().mint("replay", JwtTestTokens.ALL_TOPICS)));
			case "wsrpc" -> properties.add(prefix + "wsrpc.url=ws://127.0.0.1:" + port + "/pubsub");
			case "emitter" -> properties.addAll(List.of(prefix + "emitter.host=127.0.0.1", prefix + "emitter.port=" + port,
					prefix + "emitter.client-id=replay-client", prefix + "emitter.channel-keys."
							+ ReplayTopics.TOPIC + "=" + ReplayTopics.EMITTER_KEY));
			case "realtimex" -> properties.addAll(List.of(prefix + "realtimex.api-key=replay",
					prefix + "realtimex.ws-host=127.0.0.1", prefix + "realtimex.ws-port=" + port,
					prefix + "realtimex.encrypted=false"));
			case "httppubsub" -> {
				int local = freePort();
				properties.addAll(List.of("--server.address=127.0.0.1", "--server.tomcat.max-keep-alive-requests=-1", "--server.port=" + local,
						prefix + "httppubsub.broadcasters=http://127.0.0.1:" + port,
						prefix + "httppubsub.callback-base-url=http://127.0.0.1:" + local,
						prefix + "httppubsub.to-broadcaster.type=hmac",
						prefix + "httppubsub.to-broadcaster.secret=" + ReplayTopics.HTTPPUBSUB_SECRET,
						prefix + "httppubsub.to-subscriber.type=hmac",
						prefix + "httppubsub.to-subscriber.secret=" + ReplayTopics.HTTPPUBSUB_SECRET));
			}
			default -> throw new IllegalArgumentException("Unknown provider '" + provider + "'");
		}
		return properties;
	}

	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		this.context.close();
	}

}
