package dev.pubsub.test.realtime;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

import dev.pubsub.test.EmbeddedPubSubServer;

/**
 * An embedded Realtime Pub/Sub gateway that speaks the gateway's wire protocol byte for byte
 * ({@code docs/testing.md} and the protocol note describe it): {@code /apps/{appId}?access_token=<JWT>} with
 * HS256 token verification at the upgrade, a welcome frame with a fresh connection id, topic subscriptions
 * checked against the token's permission globs, publish fan-out (sender included), {@code message} frames
 * delivered on {@code secure/inbound}, {@code priv/<connectionId>} routing, binary deliveries for
 * {@code compress: true}, acks on {@code priv/acks} and presence events.
 * <p>
 * It also offers fault-injection hooks for tests: inject raw frames, switch or delay acks, drop connections
 * abruptly or close them with a chosen code, refuse upgrades, and inspect connections, their subscriptions
 * and the frames they sent.
 * <pre class="code">
 * try (EmbeddedRealtimeGateway gateway = EmbeddedRealtimeGateway.builder().appId("orders").start()) {
 *     String token = gateway.tokens().mint("svc", JwtTestTokens.ALL_TOPICS);
 *     // connect a client to gateway.url() + "/apps/orders?access_token=" + token
 * }
 * </pre>
 * Runs on an embedded Tomcat bound to {@code 127.0.0.1} with no Spring application context of its own.
 * This class is the facade: a started gateway is a {@code RunningGateway} (wiring and the fault
 * operations), whose {@code RealtimeGatewayHandler} speaks the protocol with a
 * {@code GatewayConnectionRegistry}, a {@code GatewayFrameReader} and {@code GatewayFrames}. The inspection,
 * behaviour switches, frame injection and connection kills are declared in the package-private base class
 * {@code GatewayControls}.
 */
public final class EmbeddedRealtimeGateway extends GatewayControls implements EmbeddedPubSubServer {

	/** Default app id. */
	public static final String DEFAULT_APP_ID = "test-app";

	/** Default largest inbound frame: 16 MiB. */
	public static final DataSize DEFAULT_MAX_FRAME_SIZE = DataSize.ofMegabytes(16);

	/** Default number of frames recorded per connection. */
	public static final int DEFAULT_RECORDED_FRAMES = 1_000;

	/** The close code of a forbidden {@code secure/*} subscription (the real gateway's code is unknown). */
	public static final int SECURE_FORBIDDEN_CODE = 1008;

	/** The close reason of a forbidden {@code secure/*} subscription. */
	public static final String SECURE_FORBIDDEN_REASON = RealtimeGatewayHandler.SECURE_FORBIDDEN_REASON;

	/** The connection id in the {@code client} object of messages published with {@link #publish}. */
	public static final String SERVER_CONNECTION_ID = "gateway";

	private final GatewayConfig config;

	private final JwtTestTokens tokens;

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable RunningGateway running;

	private EmbeddedRealtimeGateway(GatewayConfig config) {
		super(new GatewaySettings(config.ackMode, config.presence, config.recordedFrames));
		this.config = config;
		this.tokens = new JwtTestTokens(config.secret, config.clock);
	}

	/**
	 * Start configuring a gateway.
	 * @return a builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	// lifecycle

	@Override
	public EmbeddedRealtimeGateway start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running != null) {
				return this;
			}
			this.running = this.config.start(this.settings);
			return this;
		}
	}

	@Override
	public void stop() {
		synchronized (this.lifecycleMonitor) {
			RunningGateway running = this.running;
			this.running = null;
			if (running != null) {
				running.stop();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running != null;
	}

	@Override
	public int port() {
		return running().server.port();
	}

	/**
	 * The base URL, {@code ws://127.0.0.1:<port>}; clients connect to {@code <url>/apps/<appId>?access_token=}.
	 * @return the URL
	 */
	@Override
	public String url() {
		return "ws://127.0.0.1:" + port();
	}

	/**
	 * The full connection URL for a token: {@code ws://127.0.0.1:<port>/apps/<appId>?access_token=<token>}.
	 * @param token the access token
	 * @return the URL
	 */
	public String connectUrl(String token) {
		return url() + GatewayHandshakeInterceptor.PATH_PREFIX + this.config.appId + "?access_token=" + token;
	}

	/**
	 * The app id this gateway serves.
	 * @return the app id
	 */
	public String appId() {
		return this.config.appId;
	}

	/**
	 * A token minter that signs with this gateway's secret.
	 * @return the minter
	 */
	public JwtTestTokens tokens() {
		return this.tokens;
	}

	// fault injection

	/**
	 * Refuse the next {@code count} upgrades with {@code 503 Service Unavailable}.
	 * @param count how many upgrades to refuse
	 */
	public void refuseNextUpgrades(int count) {
		refuseNextUpgrades(count, HttpStatus.SERVICE_UNAVAILABLE);
	}

	/**
	 * Refuse the next {@code count} upgrades with the given HTTP status.
	 * @param count how many upgrades to refuse
	 * @param status the status to answer with
	 */
	public void refuseNextUpgrades(int count, HttpStatus status) {
		running().interceptor.refuseNext(count, status);
	}

	/**
	 * The gateway's further fault hooks: accept-then-close and suspended reading.
	 * @return the hooks
	 */
	public GatewayFaults faults() {
		return new GatewayFaults(this.settings, this);
	}

	/**
	 * Publish a message from the gateway itself, as if a client had published it: it goes to the
	 * subscribers of {@code topic} (or to connection {@code <id>} for {@code priv/<id>}) with a
	 * {@code client} whose {@code connectionId} is {@value #SERVER_CONNECTION_ID}. No permission check, no ack.
	 * @param topic the topic
	 * @param messageType the message type
	 * @param payload the payload: a {@link JsonNode}, or any value Jackson converts (a {@code String} becomes a
	 * JSON string)
	 * @return how many connections it was handed to
	 */
	public int publish(String topic, String messageType, @Nullable Object payload) {
		return publish(topic, messageType, payload, false);
	}

	/**
	 * Publish a message from the gateway itself (see {@link #publish(String, String, Object)}).
	 * @param topic the topic
	 * @param messageType the message type
	 * @param payload the payload
	 * @param compress whether to deliver it as a binary frame
	 * @return how many connections it was handed to
	 */
	public int publish(String topic, String messageType, @Nullable Object payload, boolean compress) {
		return running().publish(topic, messageType, payload, compress, SERVER_CONNECTION_ID);
	}

	@Override
	public String toString() {
		RunningGateway running = this.running;
		return "EmbeddedRealtimeGateway[appId=" + this.config.appId + ", "
				+ ((running != null) ? "url=ws://127.0.0.1:" + running.server.port() : "stopped") + "]";
	}

	@Override
	RunningGateway running() {
		RunningGateway running = this.running;
		Assert.state(running != null, "The embedded Realtime gateway is not running");
		return running;
	}

	/**
	 * Configures and starts an {@link EmbeddedRealtimeGateway}.
	 */
	public static final class Builder {

		private final GatewayConfig config = new GatewayConfig();

		private Builder() {
		}

		/**
		 * The port to listen on; {@code 0} (the default) picks a free one.
		 * @param port the port
		 * @return this builder
		 */
		public Builder port(int port) {
			Assert.isTrue(port >= 0 && port <= 65535, "Port must be between 0 and 65535");
			this.config.port = port;
			return this;
		}

		/**
		 * The app id clients must use in {@code /apps/{appId}}; default {@value EmbeddedRealtimeGateway#DEFAULT_APP_ID}.
		 * @param appId the app id
		 * @return this builder
		 */
		public Builder appId(String appId) {
			Assert.hasText(appId, "App id must not be empty");
			Assert.isTrue(!appId.contains("/") && !appId.contains("?"), "App id must not contain '/' or '?'");
			this.config.appId = appId;
			return this;
		}

		/**
		 * The HS256 secret tokens must be signed with (UTF-8); default a random 256-bit secret.
		 * @param secret the secret
		 * @return this builder
		 */
		public Builder secret(String secret) {
			Assert.hasLength(secret, "Secret must not be empty");
			this.config.secret = secret.getBytes(StandardCharsets.UTF_8);
			return this;
		}

		/**
		 * The largest inbound frame; a larger one makes the gateway close that connection with
		 * {@code 1009} (message too big). Default 16 MiB.
		 * @param maxFrameSize the limit
		 * @return this builder
		 */
		public Builder maxFrameSize(DataSize maxFrameSize) {
			Assert.isTrue(maxFrameSize.toBytes() > 0 && maxFrameSize.toBytes() <= Integer.MAX_VALUE,
					"Max frame size must be between 1 byte and 2 GiB");
			this.config.maxFrameSize = (int) maxFrameSize.toBytes();
			return this;
		}

		/**
		 * When to ack publishes and sends; default {@link AckMode#AFTER_DELIVERY}.
		 * @param ackMode the mode
		 * @return this builder
		 */
		public Builder ackMode(AckMode ackMode) {
			this.config.ackMode = ackMode;
			return this;
		}

		/**
		 * Whether to send presence events on {@code secure/inbound}; default {@code true}.
		 * @param presence whether to send them
		 * @return this builder
		 */
		public Builder presence(boolean presence) {
			this.config.presence = presence;
			return this;
		}

		/**
		 * How many received frames to keep per connection for {@link GatewayConnection#receivedFrames()};
		 * {@code 0} records none (use it for benchmarks). Default {@value EmbeddedRealtimeGateway#DEFAULT_RECORDED_FRAMES}.
		 * @param recordedFrames the number of frames
		 * @return this builder
		 */
		public Builder recordedFrames(int recordedFrames) {
			Assert.isTrue(recordedFrames >= 0, "Recorded frames must not be negative");
			this.config.recordedFrames = recordedFrames;
			return this;
		}

		/**
		 * The mapper that parses and writes frames (default: a plain one that keeps decimal numbers exact).
		 * @param jsonMapper the mapper
		 * @return this builder
		 */
		public Builder jsonMapper(JsonMapper jsonMapper) {
			this.config.jsonMapper = jsonMapper;
			return this;
		}

		/**
		 * The clock tokens are checked and minted against (for expiry tests).
		 * @param clock the clock
		 * @return this builder
		 */
		public Builder clock(Clock clock) {
			this.config.clock = clock;
			return this;
		}

		/**
		 * Build the gateway without starting it.
		 * @return the gateway
		 */
		public EmbeddedRealtimeGateway build() {
			return new EmbeddedRealtimeGateway(this.config.copy());
		}

		/**
		 * Build and start the gateway.
		 * @return the running gateway
		 */
		public EmbeddedRealtimeGateway start() {
			return build().start();
		}

	}

}
