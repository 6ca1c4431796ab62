package dev.pubsub.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ChannelAuthController} behind Spring Security (HTTP basic, on a real port, with the
 * default {@link AuthenticatedChannelAuthorizer}): the authenticated principal becomes the presence
 * identity whatever the body says, and an anonymous caller, which Spring Security still gives an
 * anonymous authentication, is refused.
 */
@SpringBootTest(classes = ChannelAuthControllerSecurityTests.SecuredApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=app-key",
				"pubsub.channel-auth.app-secret=super-secret-value" })
class ChannelAuthControllerSecurityTests {

	private static final String SOCKET_ID = "vUBsxtMcyKJGrSJLAAAA";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of("app-key", "super-secret-value"));

	@LocalServerPort
	private int port;

	@Test
	void authenticatedPrincipalBecomesThePresenceIdentity() throws Exception {
		HttpResponse<String> response = post("alice:alice-password", "application/json", "{\"socket_id\":\""
				+ SOCKET_ID + "\",\"channel_name\":\"presence-room\",\"user_id\":\"bob\","
				+ "\"channel_data\":\"{\\\"user_id\\\":\\\"bob\\\"}\",\"user_data\":{\"user_id\":\"bob\"}}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.jsonMapper.readTree(response.body());
		String channelData = body.get("channel_data").asString();
		assertThat(channelData).isEqualTo("{\"user_id\":\"alice\"}");
		assertThat(this.signer.verify(body.get("auth").asString(), SOCKET_ID, "presence-room", channelData)).isTrue();
	}

	@Test
	void formPostsFromTheBrowserUseTheSamePrincipal() throws Exception {
		HttpResponse<String> response = post("bob:bob-password", "application/x-www-form-urlencoded",
				"socket_id=1234.1234&channel_name=presence-room&user_id=alice");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.jsonMapper.readTree(response.body()).get("channel_data").asString())
			.isEqualTo("{\"user_id\":\"bob\"}");
	}

	@Test
	void anonymousCallerIsRefused() throws Exception {
		for (String channel : new String[] { "private-foobar", "presence-room" }) {
			HttpResponse<String> response = post(null, "application/json",
					"{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"" + channel + "\",\"user_id\":\"alice\"}");
			assertThat(response.statusCode()).as(channel).isEqualTo(401);
			JsonNode body = this.jsonMapper.readTree(response.body());
			assertThat(body.has("auth")).isFalse();
			assertThat(body.get("error").asString()).isEqualTo("Authentication required");
		}
	}

	@Test
	void wrongPasswordIsRefusedBySpringSecurity() throws Exception {
		HttpResponse<String> response = post("alice:wrong", "application/json",
				"{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"private-foobar\"}");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(this.jsonMapper.readTree(response.body()).has("auth")).isFalse();
	}

	private HttpResponse<String> post(@Nullable String credentials, String contentType, String body)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/pubsub/auth"))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (credentials != null) {
			request.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableWebSecurity
	static class SecuredApplication {

		/**
		 * The endpoint is open to anyone so that the controller, not the filter chain, decides;
		 * CSRF is off for it as for any endpoint called by a script with credentials.
		 */
		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/pubsub/auth")
				.permitAll()
				.anyRequest()
				.authenticated())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.ignoringRequestMatchers("/pubsub/auth"));
			return http.build();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}alice-password").roles("USER").build(),
					User.withUsername("bob").password("{noop}bob-password").roles("USER").build());
		}

	}

}
