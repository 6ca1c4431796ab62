package dev.pubsub.sample.realtimex;

import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

/**
 * Tells the sample page where the RealtimeX server is and which auth endpoint to call.
 */
@RestController
public class RealtimeXSampleController {

	private final EmbeddedRealtimeXServer server;

	private final String apiKey;

	private final String authPath;

	RealtimeXSampleController(EmbeddedRealtimeXServer server,
			@Value("${sample.realtimex.api-key:sample-api-key}") String apiKey,
			@Value("${pubsub.channel-auth.path:/pubsub/auth}") String authPath) {
		this.server = server;
		this.apiKey = apiKey;
		this.authPath = authPath;
	}

	@GetMapping("/realtimex/config")
	Map<String, Object> config() {
		return Map.of("url", this.server.url(), "apiKey", this.apiKey, "authEndpoint", this.authPath);
	}

}
