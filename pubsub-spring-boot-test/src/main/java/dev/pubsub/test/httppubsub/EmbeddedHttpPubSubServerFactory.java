package dev.pubsub.test.httppubsub;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.util.Assert;

import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.test.EmbeddedPubSubServerFactory;

/**
 * Creates the {@link EmbeddedHttpPubSubBroadcaster} an {@link EmbeddedHttpPubSub @EmbeddedHttpPubSub} declares
 * and the properties that point an httppubsub client at it.
 */
public final class EmbeddedHttpPubSubServerFactory
		implements EmbeddedPubSubServerFactory<EmbeddedHttpPubSub, EmbeddedHttpPubSubBroadcaster> {

	@Override
	public EmbeddedHttpPubSubBroadcaster createServer(EmbeddedHttpPubSub annotation) {
		return EmbeddedHttpPubSubBroadcaster.withAuth(annotation.port(), annotation.auth(),
				annotation.toBroadcasterSecret(), annotation.toSubscriberSecret());
	}

	@Override
	public Map<String, Object> properties(EmbeddedHttpPubSub annotation, EmbeddedHttpPubSubBroadcaster broadcaster) {
		BroadcasterSecrets secrets = broadcaster.authSecrets();
		Assert.state(secrets != null, "The broadcaster was not created by this factory");
		String mode = secrets.mode().name().toLowerCase(Locale.ROOT);
		Map<String, Object> properties = new LinkedHashMap<>();
		if (!annotation.client().isEmpty()) {
			String prefix = "pubsub.clients." + annotation.client() + ".";
			properties.put(prefix + "type", "httppubsub");
			properties.put(prefix + "httppubsub.transport", "http");
			properties.put(prefix + "httppubsub.broadcasters", broadcaster.url());
			properties.put(prefix + "httppubsub.to-broadcaster.type", mode);
			properties.put(prefix + "httppubsub.to-subscriber.type", mode);
			if (secrets.mode() != HttpPubSubAuth.Mode.NONE) {
				properties.put(prefix + "httppubsub.to-broadcaster.secret", secrets.toBroadcaster());
				properties.put(prefix + "httppubsub.to-subscriber.secret", secrets.toSubscriber());
			}
			if (!annotation.callbackBaseUrl().isEmpty()) {
				properties.put(prefix + "httppubsub.callback-base-url", annotation.callbackBaseUrl());
			}
		}
		properties.put(annotation.urlProperty(), broadcaster.url());
		properties.put("pubsub.test.httppubsub.auth", mode);
		if (secrets.mode() != HttpPubSubAuth.Mode.NONE) {
			properties.put("pubsub.test.httppubsub.to-broadcaster-secret", secrets.toBroadcaster());
			properties.put("pubsub.test.httppubsub.to-subscriber-secret", secrets.toSubscriber());
		}
		return properties;
	}

	@Override
	public String beanName(EmbeddedHttpPubSub annotation) {
		return EmbeddedHttpPubSub.BEAN_NAME;
	}

}
