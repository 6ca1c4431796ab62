package dev.pubsub.auth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;

import dev.pubsub.interop.InteropPeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cross-checks {@link ChannelAuthSigner} and {@link ChannelAuthService} against an independent
 * implementation, Pusher's own Node.js server library (npm {@code pusher} 5.3.4, run by
 * {@code interop/socketio/pusher-oracle.js}), on random Pusher-format inputs: socket ids
 * {@code \d+\.\d+}, channel names of up to 164 characters from {@code [-a-zA-Z0-9_=@,.;]}, and
 * presence members with random ids and user info (quotes, backslashes, non-ASCII text).
 */
class ChannelAuthPusherOracleTests {

	private static final String KEY = "278d425bdf160c739803";

	private static final String SECRET = "7ad3773142a6692b25b8";

	private static final String CHANNEL_CHARS = "-abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_=@,.;";

	private static final String TEXT_CHARS = "abcXYZ019 _-\"\\/'<>&{}[]:,éüßøΩДжあ漢字€😀";

	private static final int CASES = 400;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final ChannelAuthSigner signer = new ChannelAuthSigner(ChannelAuthCredentials.of(KEY, SECRET));

	private final long seed = System.nanoTime();

	private final Random random = new Random(this.seed);

	private Process oracle;

	private BufferedReader answers;

	private Writer requests;

	@BeforeEach
	void startOracle() throws Exception {
		Path script = InteropPeers.require("socketio/node_modules/pusher/package.json", "npm pusher 5.3.4")
			.getParent().getParent().getParent().resolve("pusher-oracle.js");
		this.oracle = new ProcessBuilder("node", script.getFileName().toString(), KEY, SECRET)
			.directory(script.getParent().toFile())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		this.answers = new BufferedReader(new InputStreamReader(this.oracle.getInputStream(), StandardCharsets.UTF_8));
		this.requests = new OutputStreamWriter(this.oracle.getOutputStream(), StandardCharsets.UTF_8);
	}

	@AfterEach
	void stopOracle() throws Exception {
		if (this.oracle == null) {
			return; // set-up was skipped (npm pusher not installed)
		}
		this.oracle.destroy();
		if (!this.oracle.waitFor(5, TimeUnit.SECONDS)) {
			this.oracle.destroyForcibly();
		}
	}

	@Test
	void privateChannelSignaturesMatchPusher() throws Exception {
		List<Map<String, Object>> cases = new ArrayList<>();
		for (int i = 0; i < CASES; i++) {
			cases.add(Map.of("socket_id", socketId(), "channel", channelName("private-")));
		}
		List<JsonNode> expected = ask(cases);
		for (int i = 0; i < CASES; i++) {
			String socketId = (String) cases.get(i).get("socket_id");
			String channel = (String) cases.get(i).get("channel");
			String auth = expected.get(i).get("auth").asString();
			assertThat(this.signer.sign(socketId, channel, null)).as(describe(cases.get(i))).isEqualTo(auth);
			assertThat(this.signer.verify(auth, socketId, channel, null)).as(describe(cases.get(i))).isTrue();
		}
	}

	@Test
	void presenceChannelDataAndSignaturesMatchPusher() throws Exception {
		List<Map<String, Object>> cases = new ArrayList<>();
		for (int i = 0; i < CASES; i++) {
			Map<String, Object> member = new LinkedHashMap<>();
			member.put("user_id", "u" + text(this.random.nextInt(20)));
			Map<String, Object> info = new LinkedHashMap<>();
			for (int field = this.random.nextInt(4); field > 0; field--) {
				info.put("k" + text(1 + this.random.nextInt(6)), text(this.random.nextInt(30)));
			}
			if (!info.isEmpty()) {
				member.put("user_info", info);
			}
			cases.add(Map.of("socket_id", socketId(), "channel", channelName("presence-"), "presence", member));
		}
		List<JsonNode> expected = ask(cases);
		for (int i = 0; i < CASES; i++) {
			Map<String, Object> request = cases.get(i);
			String socketId = (String) request.get("socket_id");
			String channel = (String) request.get("channel");
			String channelData = expected.get(i).get("channel_data").asString();
			String auth = expected.get(i).get("auth").asString();
			assertThat(this.signer.sign(socketId, channel, channelData)).as(describe(request)).isEqualTo(auth);
			assertThat(this.signer.verify(auth, socketId, channel, channelData)).as(describe(request)).isTrue();
			@SuppressWarnings("unchecked")
			Map<String, Object> member = (Map<String, Object>) request.get("presence");
			ChannelAuthResponse ours = serviceFor(member).authenticate(socketId, channel, null,
					new MockHttpServletRequest());
			assertThat(ours.channelData()).as(describe(request)).isEqualTo(channelData);
			assertThat(ours.auth()).as(describe(request)).isEqualTo(auth);
		}
	}

	@Test
	void pusherRefusesWhatTheServiceRefuses() throws Exception {
		List<Map<String, Object>> cases = List.of(Map.of("socket_id", "1234.1234:evil", "channel", "private-a"),
				Map.of("socket_id", "1234.1234", "channel", "private-a:b"),
				Map.of("socket_id", "1234.1234\n", "channel", "private-a"),
				Map.of("socket_id", "1234.1234", "channel", "private-a\n"));
		List<JsonNode> answers = ask(cases);
		ChannelAuthService service = serviceFor(Map.of("user_id", "u"));
		for (int i = 0; i < cases.size(); i++) {
			Map<String, Object> request = cases.get(i);
			assertThat(answers.get(i).has("error")).as(describe(request)).isTrue();
			assertThatExceptionOfType(ChannelAuthException.class)
				.isThrownBy(() -> service.authenticate((String) request.get("socket_id"),
						(String) request.get("channel"), null, new MockHttpServletRequest()));
		}
	}

	private ChannelAuthService serviceFor(Map<String, Object> member) {
		@SuppressWarnings("unchecked")
		Map<String, Object> info = (Map<String, Object>) member.getOrDefault("user_info", Map.of());
		ChannelAuthorizer authorizer = (request) -> ChannelAuthDecision.allowAs((String) member.get("user_id"), info);
		return new ChannelAuthService(this.signer, authorizer, this.jsonMapper, Pattern.compile("\\d+\\.\\d+"));
	}

	private List<JsonNode> ask(List<Map<String, Object>> cases) throws Exception {
		CompletableFuture<List<JsonNode>> read = CompletableFuture.supplyAsync(() -> {
			List<JsonNode> result = new ArrayList<>();
			try {
				for (int i = 0; i < cases.size(); i++) {
					String line = this.answers.readLine();
					assertThat(line).as("oracle answer %d", i).isNotNull();
					result.add(this.jsonMapper.readTree(line));
				}
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
			return result;
		});
		for (Map<String, Object> request : cases) {
			this.requests.write(this.jsonMapper.writeValueAsString(request));
			this.requests.write('\n');
		}
		this.requests.flush();
		return read.get(30, TimeUnit.SECONDS);
	}

	private String describe(Map<String, Object> request) {
		return "seed " + this.seed + ", request " + this.jsonMapper.writeValueAsString(request);
	}

	private String socketId() {
		return digits() + "." + digits();
	}

	private String digits() {
		return Long.toString(Math.abs(this.random.nextLong() % 1_000_000_000_000L));
	}

	private String channelName(String prefix) {
		StringBuilder name = new StringBuilder(prefix);
		int length = 1 + this.random.nextInt(ChannelNames.MAX_LENGTH - prefix.length());
		for (int i = 0; i < length; i++) {
			name.append(CHANNEL_CHARS.charAt(this.random.nextInt(CHANNEL_CHARS.length())));
		}
		if (name.toString().startsWith("private-encrypted-")) {
			name.setCharAt("private-".length(), 'E');
		}
		return name.toString();
	}

	private String text(int length) {
		int[] codePoints = TEXT_CHARS.codePoints().toArray();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < length; i++) {
			text.appendCodePoint(codePoints[this.random.nextInt(codePoints.length)]);
		}
		return text.toString();
	}

}
