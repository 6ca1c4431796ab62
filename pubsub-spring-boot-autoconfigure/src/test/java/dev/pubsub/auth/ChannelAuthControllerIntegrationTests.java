package dev.pubsub.auth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.filter.OncePerRequestFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link ChannelAuthController} on a real port (JDK HTTP client) and through MockMvc.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=app-key",
				"pubsub.channel-auth.app-secret=super-secret-value", "logging.level.dev.pubsub=TRACE",
				"logging.level.org.springframework.web=DEBUG" })
@ExtendWith(OutputCaptureExtension.class)
class ChannelAuthControllerIntegrationTests {

	private static final String SOCKET_ID = "vUBsxtMcyKJGrSJLAAAA";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of("app-key", "super-secret-value"));

	@LocalServerPort
	private int port;

	@Autowired
	private WebApplicationContext context;

	@Test
	void signsPrivateChannelFromJsonWithBearerKeyLikeTheSdk() throws Exception {
		HttpResponse<String> response = postJson("alice",
				"{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"private-foobar\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.jsonMapper.readTree(response.body());
		assertThat(body.has("channel_data")).isFalse();
		assertThat(this.signer.verify(body.get("auth").asString(), SOCKET_ID, "private-foobar", null)).isTrue();
	}

	@Test
	void signsPrivateChannelFromFormLikePusherJs() throws Exception {
		HttpResponse<String> response = postForm("alice", Map.of("socket_id", "1234.1234", "channel_name",
				"private-azAZ9_=@,.;"));
		assertThat(response.statusCode()).isEqualTo(200);
		String auth = this.jsonMapper.readTree(response.body()).get("auth").asString();
		assertThat(this.signer.verify(auth, "1234.1234", "private-azAZ9_=@,.;", null)).isTrue();
	}

	@Test
	void presenceIdentityComesFromThePrincipalNotTheBody() throws Exception {
		HttpResponse<String> response = postJson("alice", "{\"socket_id\":\"" + SOCKET_ID
				+ "\",\"channel_name\":\"presence-room\",\"user_data\":{\"user_id\":\"admin\"},"
				+ "\"channel_data\":\"{\\\"user_id\\\":\\\"admin\\\"}\",\"user_id\":\"admin\"}");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode body = this.jsonMapper.readTree(response.body());
		String channelData = body.get("channel_data").asString();
		assertThat(channelData).isEqualTo("{\"user_id\":\"alice\",\"user_info\":{\"name\":\"ALICE\"}}");
		assertThat(this.signer.verify(body.get("auth").asString(), SOCKET_ID, "presence-room", channelData)).isTrue();
		HttpResponse<String> form = postForm("bob", Map.of("socket_id", SOCKET_ID, "channel_name", "presence-room",
				"user_id", "admin"));
		assertThat(this.jsonMapper.readTree(form.body()).get("channel_data").asString()).contains("\"bob\"")
			.doesNotContain("admin");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1234.1234:evil", "abc\ndef", "abc\r", "", "has space", "a/b",
			"0123456789012345678901234567890123456789012345678901234567890123456789" })
	void refusesMalformedSocketIds(String socketId) throws Exception {
		HttpResponse<String> response = postForm("alice", Map.of("socket_id", socketId, "channel_name",
				"private-foobar"));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.jsonMapper.readTree(response.body()).get("error").asString()).isNotEmpty();
	}

	@ParameterizedTest
	@CsvSource({ "10240, 400, Invalid socket_id: longer than 64 characters",
			"1048576, 413, Request body longer than 16384 bytes" })
	void hugeSocketIdsGetAClearErrorAndNoSignature(int length, int status, String error) throws Exception {
		String digits = "1".repeat(length / 2);
		String socketId = digits + "." + digits;
		assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
			HttpResponse<String> form = postForm("alice", Map.of("socket_id", socketId, "channel_name",
					"private-foobar"));
			HttpResponse<String> json = postJson("alice",
					"{\"socket_id\":\"" + socketId + "\",\"channel_name\":\"private-foobar\"}");
			for (HttpResponse<String> response : List.of(form, json)) {
				assertThat(response.statusCode()).isEqualTo(status);
				JsonNode body = this.jsonMapper.readTree(response.body());
				assertThat(body.get("error").asString()).isEqualTo(error);
				assertThat(body.has("auth")).isFalse();
			}
		});
	}

	@Test
	void twentyDigitsEachSideIsAPusherSocketId() throws Exception {
		String socketId = "12345678901234567890.12345678901234567890";
		HttpResponse<String> response = postForm("alice", Map.of("socket_id", socketId, "channel_name",
				"private-foobar"));
		assertThat(response.statusCode()).isEqualTo(200);
		String auth = this.jsonMapper.readTree(response.body()).get("auth").asString();
		assertThat(this.signer.verify(auth, socketId, "private-foobar", null)).isTrue();
		assertThat(postForm("alice", Map.of("socket_id", "1" + socketId, "channel_name", "private-foobar"))
			.statusCode()).isEqualTo(400);
	}

	@ParameterizedTest
	@ValueSource(strings = { "public-channel", "private-a:b", "private-a\n", ":private-a", "private-a/b",
			"presence-", "" })
	void refusesMalformedChannelNames(String channel) throws Exception {
		HttpResponse<String> response = postForm("alice", Map.of("socket_id", SOCKET_ID, "channel_name", channel));
		assertThat(response.statusCode()).isEqualTo(400);
	}

	@Test
	void channelNameLengthLimitIs164() throws Exception {
		String ok = "private-" + "x".repeat(164 - 8);
		assertThat(postForm("alice", Map.of("socket_id", SOCKET_ID, "channel_name", ok)).statusCode()).isEqualTo(200);
		assertThat(postForm("alice", Map.of("socket_id", SOCKET_ID, "channel_name", ok + "x")).statusCode())
			.isEqualTo(400);
	}

	@Test
	void malformedJsonGetsAJsonError() throws Exception {
		for (String body : new String[] { "{not json", "[]", "{\"socket_id\":5,\"channel_name\":\"private-a\"}",
				"{\"channel_name\":\"private-a\"}" }) {
			HttpResponse<String> response = postJson("alice", body);
			assertThat(response.statusCode()).as(body).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(this.jsonMapper.readTree(response.body()).get("error").asString()).isNotEmpty();
		}
	}

	@Test
	void refusedJoinIs403AndAnonymousIs401() throws Exception {
		assertThat(postJson("alice", "{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"private-admins\"}")
			.statusCode()).isEqualTo(403);
		assertThat(postJson(null, "{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"private-foobar\"}")
			.statusCode()).isEqualTo(401);
	}

	@Test
	void neverLogsTheSecretOrTheSignature(CapturedOutput output) throws Exception {
		HttpResponse<String> response = postJson("alice",
				"{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"private-logged\"}");
		String signature = this.jsonMapper.readTree(response.body()).get("auth").asString().split(":")[1];
		postForm("alice", Map.of("socket_id", "1234.1234:evil", "channel_name", "private-logged"));
		assertThat(output.getAll()).contains("private-logged").doesNotContain("super-secret-value")
			.doesNotContain(signature);
	}

	@Test
	void mockMvcFormAndJson() throws Exception {
		MockMvc mvc = MockMvcBuilders.webAppContextSetup(this.context).build();
		Principal alice = () -> "alice";
		mvc.perform(post("/pubsub/auth").principal(alice)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("socket_id", SOCKET_ID)
			.param("channel_name", "presence-x"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.channel_data").value("{\"user_id\":\"alice\",\"user_info\":{\"name\":\"ALICE\"}}"));
		mvc.perform(post("/pubsub/auth").principal(alice)
			.contentType(MediaType.APPLICATION_JSON)
			.header("Authorization", "Bearer public-api-key")
			.content("{\"socket_id\":\"" + SOCKET_ID + "\",\"channel_name\":\"private-foobar\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.auth").value(this.signer.sign(SOCKET_ID, "private-foobar", null)));
		mvc.perform(post("/pubsub/auth").principal(alice)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("socket_id", SOCKET_ID, "other")
			.param("channel_name", "private-foobar"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("socket_id must be given once"));
	}

	private HttpResponse<String> postJson(String user, String json) throws IOException, InterruptedException {
		return send(user, "application/json", json);
	}

	private HttpResponse<String> postForm(String user, Map<String, String> fields)
			throws IOException, InterruptedException {
		StringBuilder form = new StringBuilder();
		fields.forEach((name, value) -> form.append((form.length() > 0) ? "&" : "")
			.append(URLEncoder.encode(name, StandardCharsets.UTF_8))
			.append('=')
			.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return send(user, "application/x-www-form-urlencoded", form.toString());
	}

	private HttpResponse<String> send(String user, String contentType, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/pubsub/auth"))
			.header("Content-Type", contentType)
			.header("Authorization", "Bearer public-api-key")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (user != null) {
			request.header("X-Test-User", user);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/**
	 * The application the channel auth tests run: an authorizer and a user filter.
	 */
	@SpringBootApplication
	static class TestApplication {

		@Bean
		ChannelAuthorizer testAuthorizer() {
			return (request) -> {
				if (request.principal() == null) {
					return ChannelAuthDecision.unauthenticated();
				}
				if (request.channelName().equals("private-admins")) {
					return ChannelAuthDecision.refuse("Only admins");
				}
				String name = request.principal().getName();
				return request.isPresence() ? ChannelAuthDecision.allowAs(name, Map.of("name", name.toUpperCase()))
						: ChannelAuthDecision.allow();
			};
		}

		/**
		 * The application's own authentication, standing in for a session or a JWT filter.
		 */
		@Bean
		OncePerRequestFilter testUserFilter() {
			return new OncePerRequestFilter() {

				@Override
				protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
						FilterChain chain) throws ServletException, IOException {
					String user = request.getHeader("X-Test-User");
					if (user == null) {
						chain.doFilter(request, response);
						return;
					}
					chain.doFilter(new HttpServletRequestWrapper(request) {

						@Override
						public Principal getUserPrincipal() {
							return () -> user;
						}

					}, response);
				}

			};
		}

	}

}
