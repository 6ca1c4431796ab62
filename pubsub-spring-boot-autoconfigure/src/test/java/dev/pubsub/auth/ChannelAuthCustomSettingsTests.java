package dev.pubsub.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The channel auth endpoint with a custom path and socket id pattern, the validation of JSON
 * bodies, and {@code private-encrypted-*} channels, on a real port.
 * <p>
 * Pusher's end-to-end encrypted channels need a {@code shared_secret} in the auth response and a
 * client that decrypts with it; neither the RealtimeX protocol nor this starter has them, so such a
 * channel is refused with 400 instead of being signed as a plain private channel whose messages
 * would travel in clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=app-key",
				"pubsub.channel-auth.app-secret=super-secret-value", "pubsub.channel-auth.path=/custom/auth",
				"pubsub.channel-auth.socket-id-pattern=sock-.*" })
class ChannelAuthCustomSettingsTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of("app-key", "super-secret-value"));

	@LocalServerPort
	private int port;

	@Test
	void answersOnTheConfiguredPathOnly() throws Exception {
		HttpResponse<String> response = post("/custom/auth", "application/json",
				"{\"socket_id\":\"sock-1\",\"channel_name\":\"private-a\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.signer.verify(this.jsonMapper.readTree(response.body()).get("auth").asString(), "sock-1",
				"private-a", null)).isTrue();
		assertThat(post("/pubsub/auth", "application/json", "{\"socket_id\":\"sock-1\",\"channel_name\":\"private-a\"}")
			.statusCode()).isEqualTo(404);
	}

	@Test
	void theConfiguredSocketIdPatternReplacesTheDefaultButNeverAllowsColonsOrLineBreaks() throws Exception {
		assertThat(json("sock-42", "private-a").statusCode()).isEqualTo(200);
		// a Socket.IO id, fine under the default pattern, does not match the configured one
		assertThat(json("vUBsxtMcyKJGrSJLAAAA", "private-a").statusCode()).isEqualTo(400);
		// the pattern would match these, the built-in rule still refuses them
		assertThat(json("sock-1:2", "private-a").statusCode()).isEqualTo(400);
		assertThat(json("sock-1\\n", "private-a").statusCode()).isEqualTo(400);
		assertThat(json("sock-1\\r", "private-a").statusCode()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"private-a\"", "{}", "null", "", "{\"socket_id\":\"sock-1\"}",
			"{\"socket_id\":\"sock-1\",\"channel_name\":7}", "{\"socket_id\":[\"sock-1\"],\"channel_name\":\"private-a\"}",
			"{\"socket_id\":\"sock-1\",\"channel_name\":{\"n\":\"private-a\"}}",
			"{\"socket_id\":\"sock-1\",\"channel_name\":\"public-a\"}",
			"{\"socket_id\":\"sock-1\",\"channel_name\":\"private-\"}" })
	void invalidJsonBodiesAre400WithAJsonError(String body) throws Exception {
		HttpResponse<String> response = post("/custom/auth", "application/json", body);
		assertThat(response.statusCode()).as(body).isEqualTo(400);
		JsonNode error = this.jsonMapper.readTree(response.body());
		assertThat(error.get("status").asInt()).isEqualTo(400);
		assertThat(error.get("error").asString()).isNotEmpty();
	}

	@Test
	void bodyFieldsOtherThanSocketAndChannelAreIgnored() throws Exception {
		HttpResponse<String> response = post("/custom/auth", "application/json",
				"{\"socket_id\":\"sock-1\",\"channel_name\":\"presence-a\",\"channel_data\":\"{\\\"user_id\\\":\\\"mallory\\\"}\","
						+ "\"user_data\":{\"user_id\":\"mallory\"}}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.jsonMapper.readTree(response.body());
		assertThat(body.get("channel_data").asString()).isEqualTo("{\"user_id\":\"alice\"}");
		assertThat(this.signer.verify(body.get("auth").asString(), "sock-1", "presence-a",
				body.get("channel_data").asString())).isTrue();
	}

	@Test
	void otherContentTypesAre415() throws Exception {
		assertThat(post("/custom/auth", "text/plain", "socket_id=sock-1&channel_name=private-a").statusCode())
			.isEqualTo(415);
	}

	@Test
	void privateEncryptedChannelsAreRefusedClearly() throws Exception {
		HttpResponse<String> response = json("sock-1", "private-encrypted-a");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.jsonMapper.readTree(response.body()).get("error").asString())
			.contains("private-encrypted-");
		assertThat(response.body()).doesNotContain("auth\"");
	}

	private HttpResponse<String> json(String socketId, String channel) throws Exception {
		return post("/custom/auth", "application/json",
				"{\"socket_id\":\"" + socketId + "\",\"channel_name\":\"" + channel + "\"}");
	}

	private HttpResponse<String> post(String path, String contentType, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootApplication
	static class TestApplication {

		@Bean
		ChannelAuthorizer everyoneIsAlice() {
			Principal alice = () -> "alice";
			return (request) -> request.isPresence() ? ChannelAuthDecision.allowAs(alice.getName(), java.util.Map.of())
					: ChannelAuthDecision.allow();
		}

	}

}
