package dev.pubsub.sample.realtimex;

import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

/**
 * Tells the sample page where the RealtimeX server is and which auth endpoint to call, and gives the
 * visitor its signed {@link VisitorCookie}, whose id becomes the presence identity.
 */
@RestController
public class RealtimeXSampleController {

	private final EmbeddedRealtimeXServer server;

	private final String apiKey;

	private final String authPath;

	private final VisitorCookie visitorCookie;

	RealtimeXSampleController(EmbeddedRealtimeXServer server, VisitorCookie visitorCookie,
			@Value("${sample.realtimex.api-key:sample-api-key}") String apiKey,
			@Value("${pubsub.channel-auth.path:/pubsub/auth}") String authPath) {
		this.server = server;
		this.apiKey = apiKey;
		this.authPath = authPath;
		this.visitorCookie = visitorCookie;
	}

	@GetMapping("/realtimex/config")
	Map<String, Object> config(HttpServletRequest request, HttpServletResponse response) {
		// Issue the visitor cookie here: the page then asks for its two channel signatures at once,
		// both with the same visitor id.
		this.visitorCookie.ensure(request, response);
		return Map.of("url", this.server.url(), "apiKey", this.apiKey, "authEndpoint", this.authPath);
	}

}
