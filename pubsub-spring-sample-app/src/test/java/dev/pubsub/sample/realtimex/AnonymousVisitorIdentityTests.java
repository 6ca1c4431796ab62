package dev.pubsub.sample.realtimex;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's anonymous presence identity on the real embedded Tomcat: a signed visitor cookie,
 * no HTTP session. Sessions are counted by an {@link HttpSessionListener} registered with Tomcat,
 * which is shown to count by creating one session at the end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pubsub.clients.feed.auto-connect=false",
				"sample.realtimex.visitor-secret=test-visitor-secret-0123456789" })
class AnonymousVisitorIdentityTests {

	private static final String PRESENCE = "presence-lobby";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of("sample-app-key", "sample-app-secret"));

	@LocalServerPort
	private int port;

	@Autowired
	private AtomicInteger sessionsCreated;

	@Test
	void hundredAuthRequestsCreateNoSessionAndKeepOneIdentity() throws Exception {
		HttpResponse<String> config = get("/realtimex/config", null);
		assertThat(config.statusCode()).isEqualTo(200);
		String setCookie = config.headers().firstValue("Set-Cookie").orElseThrow();
		assertThat(setCookie).startsWith(VisitorCookie.NAME + "=").contains("HttpOnly").contains("SameSite=Lax")
			.contains("Path=/");
		String cookie = setCookie.substring(0, setCookie.indexOf(';'));
		// Loading the config again with the cookie keeps it: no new cookie.
		assertThat(get("/realtimex/config", cookie).headers().firstValue("Set-Cookie")).isEmpty();

		Set<String> identities = new HashSet<>();
		for (int i = 0; i < 100; i++) {
			String socketId = "socket" + i;
			String channel = (i % 2 == 0) ? PRESENCE : "private-chat";
			HttpResponse<String> response = auth(cookie, socketId, channel);
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			JsonNode body = this.jsonMapper.readTree(response.body());
			String channelData = (body.has("channel_data")) ? body.get("channel_data").asString() : null;
			assertThat(this.signer.verify(body.get("auth").asString(), socketId, channel, channelData)).isTrue();
			if (channelData != null) {
				identities.add(this.jsonMapper.readTree(channelData).get("user_id").asString());
			}
		}
		assertThat(identities).hasSize(1);
		assertThat(identities.iterator().next()).startsWith("guest-");
		assertThat(this.sessionsCreated).hasValue(0);

		// The listener does count: a request that asks for a session creates one.
		assertThat(post("/test/start-session", cookie).statusCode()).isEqualTo(200);
		assertThat(this.sessionsCreated).hasValue(1);
	}

	@Test
	void twoVisitorsGetTwoIdentitiesAndAForgedCookieNone() throws Exception {
		String first = cookie(get("/realtimex/config", null));
		String second = cookie(get("/realtimex/config", null));
		String a = userId(auth(first, "s1", PRESENCE));
		String b = userId(auth(second, "s2", PRESENCE));
		assertThat(a).startsWith("guest-").isNotEqualTo(b);

		String value = first.substring(first.indexOf('=') + 1);
		String otherId = second.substring(second.indexOf('=') + 1, second.indexOf('.'));
		String forged = VisitorCookie.NAME + "=" + otherId + value.substring(value.indexOf('.'));
		for (String refused : List.of(forged, VisitorCookie.NAME + "=" + otherId, VisitorCookie.NAME + "=x.y")) {
			assertThat(auth(refused, "s3", PRESENCE).statusCode()).as(refused).isEqualTo(401);
		}
		assertThat(auth(null, "s3", PRESENCE).statusCode()).isEqualTo(401);
	}

	private String userId(HttpResponse<String> response) {
		assertThat(response.statusCode()).isEqualTo(200);
		String channelData = this.jsonMapper.readTree(response.body()).get("channel_data").asString();
		return this.jsonMapper.readTree(channelData).get("user_id").asString();
	}

	private static String cookie(HttpResponse<String> config) {
		String setCookie = config.headers().firstValue("Set-Cookie").orElseThrow();
		return setCookie.substring(0, setCookie.indexOf(';'));
	}

	private HttpResponse<String> get(String path, String cookie) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).GET(), cookie);
	}

	private HttpResponse<String> post(String path, String cookie) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()), cookie);
	}

	private HttpResponse<String> auth(String cookie, String socketId, String channel) throws Exception {
		return send(HttpRequest.newBuilder(uri("/pubsub/auth"))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.POST(HttpRequest.BodyPublishers.ofString("socket_id=" + socketId + "&channel_name=" + channel)), cookie);
	}

	private HttpResponse<String> send(HttpRequest.Builder request, String cookie) throws Exception {
		if (cookie != null) {
			request.header("Cookie", cookie);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SessionCounting {

		@Bean
		AtomicInteger sessionsCreated() {
			return new AtomicInteger();
		}

		@Bean
		HttpSessionListener sessionCounter(AtomicInteger sessionsCreated) {
			return new HttpSessionListener() {

				@Override
				public void sessionCreated(HttpSessionEvent event) {
					sessionsCreated.incrementAndGet();
				}

			};
		}

		@Bean
		SessionStarter sessionStarter() {
			return new SessionStarter();
		}

	}

	/**
	 * A test endpoint that creates a session, to show the counter counts.
	 */
	@RestController
	static class SessionStarter {

		@PostMapping("/test/start-session")
		String start(HttpServletRequest request) {
			return request.getSession(true).getId().isEmpty() ? "none" : "ok";
		}

	}

}
