package dev.pubsub.sample.realtimex;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.auth.ChannelAuthDecision;
import dev.pubsub.auth.ChannelAuthorizer;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

/**
 * Runs an embedded RealtimeX server next to the sample and authorises browser joins: each visitor
 * gets a random id in a signed cookie ({@link VisitorCookie}), and {@code guest-<id>} becomes its
 * presence identity. No HTTP session is created, so anonymous requests cost the server nothing.
 * {@code sample.realtimex.visitor-secret} signs the cookies (a random secret per start when empty).
 * Needs
 * {@code pubsub.channel-auth.enabled=true} with {@code app-key}/{@code app-secret} equal to
 * {@code sample.realtimex.app-key}/{@code app-secret}.
 */
@Configuration(proxyBeanMethods = false)
public class RealtimeXSampleConfiguration {

	@Bean(initMethod = "start", destroyMethod = "stop")
	EmbeddedRealtimeXServer sampleRealtimeXServer(@Value("${sample.realtimex.api-key:sample-api-key}") String apiKey,
			@Value("${pubsub.channel-auth.app-key:sample-app-key}") String appKey,
			@Value("${pubsub.channel-auth.app-secret:sample-app-secret}") String appSecret) {
		return new EmbeddedRealtimeXServer(0, apiKey, appKey, appSecret);
	}

	@Bean
	VisitorCookie sampleVisitorCookie(@Value("${sample.realtimex.visitor-secret:}") String secret) {
		if (secret.isBlank()) {
			// No configured secret: a random one, so visitor cookies last as long as this process.
			byte[] random = new byte[32];
			new SecureRandom().nextBytes(random);
			return new VisitorCookie(random);
		}
		return new VisitorCookie(secret.getBytes(StandardCharsets.UTF_8));
	}

	@Bean
	ChannelAuthorizer sampleChannelAuthorizer(VisitorCookie visitorCookie) {
		return (request) -> {
			Optional<String> visitor = visitorCookie.visitorId(request.servletRequest());
			if (visitor.isEmpty()) {
				// No signed visitor cookie: the page gets one from /realtimex/config before it asks.
				return ChannelAuthDecision.unauthenticated();
			}
			String guest = "guest-" + visitor.get();
			if (request.channelName().startsWith("private-admin")) {
				return ChannelAuthDecision.refuse("Guests may not join admin channels");
			}
			return ChannelAuthDecision.allowAs(guest, Map.of("name", guest));
		};
	}

}
