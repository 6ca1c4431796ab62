package dev.pubsub.test.realtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.unit.DataSize;

import dev.pubsub.test.EmbeddedPubSubServerFactory;

/**
 * Creates the {@link EmbeddedRealtimeGateway} an {@link EmbeddedRealtime @EmbeddedRealtime} declares and the
 * properties that point a Realtime client at it.
 */
public final class EmbeddedRealtimeServerFactory
		implements EmbeddedPubSubServerFactory<EmbeddedRealtime, EmbeddedRealtimeGateway> {

	/** How long the token handed to the client is valid: long enough for any cached test context. */
	static final Duration CLIENT_TOKEN_TIME_TO_LIVE = Duration.ofDays(1);

	@Override
	public EmbeddedRealtimeGateway createServer(EmbeddedRealtime annotation) {
		EmbeddedRealtimeGateway.Builder builder = EmbeddedRealtimeGateway.builder()
			.port(annotation.port())
			.appId(annotation.appId())
			.ackMode(annotation.ackMode())
			.presence(annotation.presence())
			.maxFrameSize(DataSize.parse(annotation.maxFrameSize()));
		if (!annotation.secret().isEmpty()) {
			builder.secret(annotation.secret());
		}
		return builder.build();
	}

	@Override
	public Map<String, Object> properties(EmbeddedRealtime annotation, EmbeddedRealtimeGateway gateway) {
		String token = gateway.tokens()
			.mint(annotation.subject(), CLIENT_TOKEN_TIME_TO_LIVE, List.of(annotation.permissions()));
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!annotation.client().isEmpty()) {
			String prefix = "pubsub.clients." + annotation.client() + ".";
			properties.put(prefix + "type", "realtime");
			properties.put(prefix + "realtime.url", gateway.url());
			properties.put(prefix + "realtime.app-id", gateway.appId());
			properties.put(prefix + "realtime.access-token", token);
		}
		properties.put(annotation.urlProperty(), gateway.url());
		properties.put("pubsub.test.realtime.app-id", gateway.appId());
		properties.put("pubsub.test.realtime.access-token", token);
		return properties;
	}

	@Override
	public String beanName(EmbeddedRealtime annotation) {
		return EmbeddedRealtime.BEAN_NAME;
	}

}
