package dev.pubsub.auth;

import java.security.Principal;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Fast tests of the channel auth flow without a server: {@link ChannelAuthService}'s decisions and
 * presence data, and {@link ChannelAuthController}'s request parsing and error bodies through a
 * standalone MockMvc (no application context). The published Pusher vector pins the signature.
 */
class ChannelAuthFlowUnitTests {

	private static final String KEY = "278d425bdf160c739803";

	private static final Pattern SOCKET_ID = Pattern.compile("[0-9]{1,20}\\.[0-9]{1,20}");

	private final ChannelAuthSigner signer = new ChannelAuthSigner(
			ChannelAuthCredentials.of(KEY, "7ad3773142a6692b25b8"));

	private final MockHttpServletRequest servletRequest = new MockHttpServletRequest();

	private final Principal ada = () -> "ada";

	private ChannelAuthService service(ChannelAuthorizer authorizer) {
		return new ChannelAuthService(this.signer, authorizer, JsonMapper.builder().build(), SOCKET_ID);
	}

	private static void assertRefused(Runnable call, HttpStatus status, String message) {
		assertThatExceptionOfType(ChannelAuthException.class).isThrownBy(call::run)
			.withMessage(message)
			.satisfies((ex) -> assertThat(ex.status()).isEqualTo(status));
	}

	@Test
	void signsAPrivateChannelLikePusher() {
		ChannelAuthResponse response = service((request) -> ChannelAuthDecision.allow()).authenticate("1234.1234",
				"private-foobar", null, this.servletRequest);
		assertThat(response.auth())
			.isEqualTo(KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4");
		assertThat(response.channelData()).isNull();
	}

	@Test
	void theAuthorizerSeesTheWholeRequest() {
		ChannelAuthRequest[] seen = new ChannelAuthRequest[1];
		service((request) -> {
			seen[0] = request;
			return ChannelAuthDecision.allow();
		}).authenticate("1.2", "presence-room", this.ada, this.servletRequest);
		assertThat(seen[0].socketId()).isEqualTo("1.2");
		assertThat(seen[0].channelName()).isEqualTo("presence-room");
		assertThat(seen[0].principal()).isSameAs(this.ada);
		assertThat(seen[0].servletRequest()).isSameAs(this.servletRequest);
		assertThat(seen[0].isPresence()).isTrue();
	}

	@Test
	void presenceDataUsesThePrincipalWhenTheDecisionNamesNoUser() {
		ChannelAuthResponse response = service((request) -> ChannelAuthDecision.allow()).authenticate("1.2",
				"presence-room", this.ada, this.servletRequest);
		assertThat(response.channelData()).isEqualTo("{\"user_id\":\"ada\"}");
		assertThat(this.signer.verify(response.auth(), "1.2", "presence-room", response.channelData())).isTrue();
	}

	@Test
	void presenceDataUsesTheDecisionsUserAndInfo() {
		ChannelAuthResponse response = service(
				(request) -> ChannelAuthDecision.allowAs("u-7", Map.of("name", "Mr. Channels")))
			.authenticate("1.2", "presence-room", this.ada, this.servletRequest);
		assertThat(response.channelData()).isEqualTo("{\"user_id\":\"u-7\",\"user_info\":{\"name\":\"Mr. Channels\"}}");
		assertThat(this.signer.verify(response.auth(), "1.2", "presence-room", response.channelData())).isTrue();
	}

	@Test
	void presenceWithoutAnyUserIsUnauthorized() {
		ChannelAuthService service = service((request) -> ChannelAuthDecision.allow());
		String message = "A presence channel needs an authenticated user: 'presence-room'";
		assertRefused(() -> service.authenticate("1.2", "presence-room", null, this.servletRequest),
				HttpStatus.UNAUTHORIZED, message);
		assertRefused(() -> service.authenticate("1.2", "presence-room", () -> "", this.servletRequest),
				HttpStatus.UNAUTHORIZED, message);
		assertRefused(() -> service.authenticate("1.2", "presence-room", () -> null, this.servletRequest),
				HttpStatus.UNAUTHORIZED, message);
	}

	@Test
	void refusalsMapToTheirStatus() {
		assertRefused(() -> service((request) -> ChannelAuthDecision.refuse("members only")).authenticate("1.2",
				"private-a", this.ada, this.servletRequest), HttpStatus.FORBIDDEN, "members only");
		assertRefused(() -> service((request) -> ChannelAuthDecision.refuse(null)).authenticate("1.2", "private-a",
				this.ada, this.servletRequest), HttpStatus.FORBIDDEN, "Not allowed to join 'private-a'");
		assertRefused(() -> service(new AuthenticatedChannelAuthorizer()).authenticate("1.2", "private-a", null,
				this.servletRequest), HttpStatus.UNAUTHORIZED, "Authentication required");
		assertThat(service(new AuthenticatedChannelAuthorizer())
			.authenticate("1.2", "private-a", this.ada, this.servletRequest)
			.auth()).startsWith(KEY + ":");
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> service((request) -> null).authenticate("1.2", "private-a", this.ada,
					this.servletRequest))
			.withMessageContaining("returned null");
	}

	@Test
	void badSocketIdsAndChannelNamesAreBadRequests() {
		ChannelAuthService service = new ChannelAuthService(this.signer, (request) -> ChannelAuthDecision.allow(),
				JsonMapper.builder().build(), Pattern.compile("[^x]+"));
		assertRefused(() -> service.authenticate(null, "private-a", null, this.servletRequest), HttpStatus.BAD_REQUEST,
				"socket_id is required");
		assertRefused(() -> service.authenticate("", "private-a", null, this.servletRequest), HttpStatus.BAD_REQUEST,
				"socket_id is required");
		for (String bad : new String[] { "1:2", "1\n2", "1\r2", "x" }) {
			assertRefused(() -> service.authenticate(bad, "private-a", null, this.servletRequest),
					HttpStatus.BAD_REQUEST, "Invalid socket_id");
		}
		assertRefused(() -> service.authenticate("1.2", null, null, this.servletRequest), HttpStatus.BAD_REQUEST,
				"channel_name is required");
		assertRefused(() -> service.authenticate("1.2", "", null, this.servletRequest), HttpStatus.BAD_REQUEST,
				"channel_name is required");
		assertRefused(() -> service.authenticate("1.2", "private-a b", null, this.servletRequest),
				HttpStatus.BAD_REQUEST, "Invalid channel_name: use 1 to 164 characters of [-a-zA-Z0-9_=@,.;]");
		assertRefused(() -> service.authenticate("1.2", "public", null, this.servletRequest), HttpStatus.BAD_REQUEST,
				"Only private- and presence- channels are authorised here");
		assertRefused(() -> service.authenticate("1.2", "private-", null, this.servletRequest),
				HttpStatus.BAD_REQUEST, "Only private- and presence- channels are authorised here");
	}

	@Test
	void theServiceChecksItsSettings() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChannelAuthService(this.signer, (request) -> ChannelAuthDecision.allow(),
					JsonMapper.builder().build(), SOCKET_ID, 0))
			.withMessageContaining("maxSocketIdLength");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChannelAuthService(null, (request) -> ChannelAuthDecision.allow(),
					JsonMapper.builder().build(), SOCKET_ID))
			.withMessageContaining("signer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChannelAuthService(this.signer, null, JsonMapper.builder().build(), SOCKET_ID))
			.withMessageContaining("authorizer");
		ChannelAuthService one = new ChannelAuthService(this.signer, (request) -> ChannelAuthDecision.allow(),
				JsonMapper.builder().build(), SOCKET_ID, 3);
		assertThat(one.authenticate("1.2", "private-a", null, this.servletRequest).auth()).startsWith(KEY);
		assertRefused(() -> one.authenticate("1.23", "private-a", null, this.servletRequest), HttpStatus.BAD_REQUEST,
				"Invalid socket_id: longer than 3 characters");
	}

	private MockMvc mvc() {
		return MockMvcBuilders.standaloneSetup(new ChannelAuthController(service(new AuthenticatedChannelAuthorizer())))
			.build();
	}

	@Test
	void theControllerSignsFormAndJsonRequests() throws Exception {
		String expected = KEY + ":58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4";
		mvc().perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("socket_id", "1234.1234")
			.param("channel_name", "private-foobar"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.auth").value(expected))
			.andExpect(jsonPath("$.channel_data").doesNotExist());
		mvc().perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"socket_id\":\"1234.1234\",\"channel_name\":\"private-foobar\"}"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.auth").value(expected));
	}

	@Test
	void theControllerAnswersJsonWithItsExactLength() throws Exception {
		MockHttpServletResponse response = mvc().perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"socket_id\":\"1234.1234\",\"channel_name\":\"presence-room\"}"))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andReturn()
			.getResponse();
		byte[] body = response.getContentAsByteArray();
		assertThat(body).isNotEmpty();
		assertThat(response.getContentLength()).isEqualTo(body.length);
		assertThat(response.getHeader("Content-Length")).isEqualTo(String.valueOf(body.length));
	}

	@Test
	void theControllerAnswersBadRequestsWithAJsonError() throws Exception {
		MockMvc mvc = mvc();
		mvc.perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("socket_id", "1.2", "3.4")
			.param("channel_name", "private-a"))
			.andExpect(status().isBadRequest())
			.andExpect(content().json("{\"error\":\"socket_id must be given once\",\"status\":400}", true));
		mvc.perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("socket_id", "1.2"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("channel_name is required"));
		mvc.perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_JSON)
			.content("[1]"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("Body must be a JSON object"));
		mvc.perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"socket_id\":12,\"channel_name\":\"private-a\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("socket_id must be a string"));
		mvc.perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"socket_id\":null,\"channel_name\":\"private-a\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.error").value("socket_id is required"));
		mvc.perform(post("/pubsub/auth").principal(this.ada).contentType(MediaType.APPLICATION_JSON).content("{"))
			.andExpect(status().isBadRequest())
			.andExpect(content().json("{\"error\":\"Malformed request body\",\"status\":400}", true));
		mvc.perform(post("/pubsub/auth").contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.param("socket_id", "1.2")
			.param("channel_name", "private-a"))
			.andExpect(status().isUnauthorized())
			.andExpect(content().json("{\"error\":\"Authentication required\",\"status\":401}", true));
	}

	@Test
	void theControllerRefusesBodiesOverItsLimitBeforeParsing() throws Exception {
		String body = "{\"socket_id\":\"1234.1234\",\"channel_name\":\"private-foobar\"}";
		assertThat(body).hasSize(57);
		ChannelAuthService service = service(new AuthenticatedChannelAuthorizer());
		MockMvc atLimit = MockMvcBuilders
			.standaloneSetup(new ChannelAuthController(service, JsonMapper.builder().build(), 57))
			.build();
		atLimit.perform(post("/pubsub/auth").principal(this.ada).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isOk());
		MockMvc belowLimit = MockMvcBuilders
			.standaloneSetup(new ChannelAuthController(service, JsonMapper.builder().build(), 56))
			.build();
		belowLimit.perform(post("/pubsub/auth").principal(this.ada).contentType(MediaType.APPLICATION_JSON).content(body))
			.andExpect(status().isPayloadTooLarge())
			.andExpect(jsonPath("$.error").value("Request body longer than 56 bytes"));
		belowLimit.perform(post("/pubsub/auth").principal(this.ada)
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("socket_id=1234.1234&channel_name=private-foobar&padding=" + "x".repeat(57)))
			.andExpect(status().isPayloadTooLarge());
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ChannelAuthController(service, JsonMapper.builder().build(), 0))
			.withMessageContaining("maxBodyBytes");
	}

}
