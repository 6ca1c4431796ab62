package dev.pubsub.test.realtime;

import java.security.SecureRandom;
import java.time.Clock;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an {@link EmbeddedRealtimeGateway.Builder} collects, with the defaults: the values a gateway is
 * started with. The builder checks them; the gateway keeps its own {@link #copy()}.
 */
final class GatewayConfig {

	int port;

	String appId = EmbeddedRealtimeGateway.DEFAULT_APP_ID;

	byte[] secret;

	int maxFrameSize = (int) EmbeddedRealtimeGateway.DEFAULT_MAX_FRAME_SIZE.toBytes();

	AckMode ackMode = AckMode.AFTER_DELIVERY;

	boolean presence = true;

	int recordedFrames = EmbeddedRealtimeGateway.DEFAULT_RECORDED_FRAMES;

	JsonMapper jsonMapper = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

	Clock clock = Clock.systemUTC();

	GatewayConfig() {
		this.secret = new byte[32];
		new SecureRandom().nextBytes(this.secret);
	}

	GatewayConfig copy() {
		GatewayConfig copy = new GatewayConfig();
		copy.port = this.port;
		copy.appId = this.appId;
		copy.secret = this.secret.clone();
		copy.maxFrameSize = this.maxFrameSize;
		copy.ackMode = this.ackMode;
		copy.presence = this.presence;
		copy.recordedFrames = this.recordedFrames;
		copy.jsonMapper = this.jsonMapper;
		copy.clock = this.clock;
		return copy;
	}

	/**
	 * Start a gateway with these values.
	 * @param settings the gateway's switchable behaviour
	 * @return the running gateway
	 */
	RunningGateway start(GatewaySettings settings) {
		return RunningGateway.start(this.appId, this.secret, this.jsonMapper, this.clock, this.port, this.maxFrameSize,
				settings);
	}

}
