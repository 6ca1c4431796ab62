package dev.pubsub.sample.realtimex;

import java.util.Map;

import jakarta.servlet.http.HttpSession;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.auth.ChannelAuthDecision;
import dev.pubsub.auth.ChannelAuthorizer;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

/**
 * Runs an embedded RealtimeX server next to the sample and authorises browser joins: each browser
 * session gets a guest name, kept server-side, which becomes its presence identity. Needs
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
	ChannelAuthorizer sampleChannelAuthorizer() {
		return (request) -> {
			HttpSession session = request.servletRequest().getSession(true);
			String guest = (String) session.getAttribute("guest");
			if (guest == null) {
				guest = "guest-" + Integer.toHexString(session.getId().hashCode() & 0xffff);
				session.setAttribute("guest", guest);
			}
			if (request.channelName().startsWith("private-admin")) {
				return ChannelAuthDecision.refuse("Guests may not join admin channels");
			}
			return ChannelAuthDecision.allowAs(guest, Map.of("name", guest));
		};
	}

}
