package dev.pubsub.sample.httppubsub;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.test.httppubsub.EmbeddedHttpPubSubBroadcaster;

/**
 * Runs an embedded httppubsub broadcaster on {@code sample.httppubsub.embedded-port} (default 3003,
 * the client's default broadcaster URL) unless {@code sample.httppubsub.embedded=false}, in which
 * case point {@code pubsub.clients.notifications.httppubsub.broadcasters} at a real lonelypss.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "sample.httppubsub.embedded", matchIfMissing = true)
class HttpPubSubSampleConfiguration {

	@Bean(initMethod = "start", destroyMethod = "stop")
	EmbeddedHttpPubSubBroadcaster embeddedHttpPubSubBroadcaster(
			@org.springframework.beans.factory.annotation.Value("${sample.httppubsub.embedded-port:3003}") int port) {
		return new EmbeddedHttpPubSubBroadcaster(port, HttpPubSubAuth.none(), HttpPubSubAuth.none());
	}

}
