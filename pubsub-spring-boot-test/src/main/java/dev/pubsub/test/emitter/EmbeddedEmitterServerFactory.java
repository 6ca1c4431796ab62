package dev.pubsub.test.emitter;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.pubsub.test.EmbeddedPubSubServerFactory;

/**
 * Creates the {@link EmbeddedEmitterBroker} an {@link EmbeddedEmitter @EmbeddedEmitter} declares, with its channel
 * key, and the properties that point an Emitter client at it.
 */
public final class EmbeddedEmitterServerFactory
		implements EmbeddedPubSubServerFactory<EmbeddedEmitter, EmbeddedEmitterBroker> {

	@Override
	public EmbeddedEmitterBroker createServer(EmbeddedEmitter annotation) {
		EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker(annotation.port());
		broker.addKey(key(annotation, broker), annotation.channel(), annotation.permissions());
		return broker;
	}

	@Override
	public Map<String, Object> properties(EmbeddedEmitter annotation, EmbeddedEmitterBroker broker) {
		String key = key(annotation, broker);
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!annotation.client().isEmpty()) {
			String prefix = "pubsub.clients." + annotation.client() + ".";
			properties.put(prefix + "type", "emitter");
			properties.put(prefix + "emitter.host", broker.host());
			properties.put(prefix + "emitter.port", broker.port());
			properties.put(prefix + "emitter.tls", false);
			properties.put(prefix + "emitter.channel-keys[" + keyPrefix(annotation.channel()) + "]", key);
			if (!annotation.username().isEmpty()) {
				properties.put(prefix + "emitter.username", annotation.username());
			}
		}
		properties.put(annotation.urlProperty(), broker.url());
		properties.put("pubsub.test.emitter.host", broker.host());
		properties.put("pubsub.test.emitter.port", broker.port());
		properties.put("pubsub.test.emitter.key", key);
		properties.put("pubsub.test.emitter.secret-key", broker.secretKey());
		return properties;
	}

	@Override
	public String beanName(EmbeddedEmitter annotation) {
		return EmbeddedEmitter.BEAN_NAME;
	}

	/**
	 * The annotation's key, or one derived from the broker's random secret key (HMAC-SHA256 of channel and
	 * permissions), so that {@link #createServer} and {@link #properties} agree without keeping state.
	 */
	static String key(EmbeddedEmitter annotation, EmbeddedEmitterBroker broker) {
		if (!annotation.key().isEmpty()) {
			return annotation.key();
		}
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(broker.secretKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac
				.doFinal((annotation.channel() + " " + annotation.permissions()).getBytes(StandardCharsets.UTF_8));
			return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 32);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is not available", ex);
		}
	}

	/**
	 * The {@code channel-keys} entry for a channel: its segments up to the first wildcard, {@code /} (every
	 * channel) when there are none.
	 */
	static String keyPrefix(String channel) {
		StringBuilder prefix = new StringBuilder();
		for (String segment : channel.split("/")) {
			if (segment.isEmpty()) {
				continue;
			}
			if ("#".equals(segment) || "+".equals(segment)) {
				break;
			}
			prefix.append((prefix.length() > 0) ? "/" : "").append(segment);
		}
		return (prefix.length() > 0) ? prefix.toString() : "/";
	}

}
