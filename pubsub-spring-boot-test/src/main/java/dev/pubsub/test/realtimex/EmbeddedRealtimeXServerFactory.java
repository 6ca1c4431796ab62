package dev.pubsub.test.realtimex;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.pubsub.test.EmbeddedPubSubServerFactory;

/**
 * Creates the {@link EmbeddedRealtimeXServer} an {@link EmbeddedRealtimeX @EmbeddedRealtimeX} declares and the
 * properties that point a RealtimeX client at it.
 */
public final class EmbeddedRealtimeXServerFactory
		implements EmbeddedPubSubServerFactory<EmbeddedRealtimeX, EmbeddedRealtimeXServer> {

	private static final SecureRandom RANDOM = new SecureRandom();

	@Override
	public EmbeddedRealtimeXServer createServer(EmbeddedRealtimeX annotation) {
		String appSecret = annotation.appSecret();
		if (appSecret.isEmpty()) {
			byte[] bytes = new byte[32];
			RANDOM.nextBytes(bytes);
			appSecret = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
		return new EmbeddedRealtimeXServer(annotation.port(), annotation.apiKey(), annotation.appKey(), appSecret);
	}

	@Override
	public Map<String, Object> properties(EmbeddedRealtimeX annotation, EmbeddedRealtimeXServer server) {
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!annotation.client().isEmpty()) {
			String prefix = "pubsub.clients." + annotation.client() + ".";
			properties.put(prefix + "type", "realtimex");
			properties.put(prefix + "realtimex.ws-host", server.host());
			properties.put(prefix + "realtimex.ws-port", server.port());
			properties.put(prefix + "realtimex.encrypted", false);
			properties.put(prefix + "realtimex.path", server.path());
			properties.put(prefix + "realtimex.api-key", server.apiKey());
			if (annotation.signLocally()) {
				properties.put(prefix + "realtimex.app-key", server.appKey());
				properties.put(prefix + "realtimex.app-secret", server.appSecret());
				if (!annotation.presenceUserId().isEmpty()) {
					properties.put(prefix + "realtimex.presence-user-id", annotation.presenceUserId());
				}
			}
		}
		properties.put(annotation.urlProperty(), server.url());
		properties.put("pubsub.test.realtimex.host", server.host());
		properties.put("pubsub.test.realtimex.port", server.port());
		properties.put("pubsub.test.realtimex.api-key", server.apiKey());
		properties.put("pubsub.test.realtimex.app-key", server.appKey());
		properties.put("pubsub.test.realtimex.app-secret", server.appSecret());
		return properties;
	}

	@Override
	public String beanName(EmbeddedRealtimeX annotation) {
		return EmbeddedRealtimeX.BEAN_NAME;
	}

}
