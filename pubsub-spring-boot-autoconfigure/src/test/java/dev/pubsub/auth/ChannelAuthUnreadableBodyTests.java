package dev.pubsub.auth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies the servlet container cannot parse, sent to {@link ChannelAuthController} on a real
 * embedded Tomcat: each gets a JSON 400, and the log gets one sanitized WARN line, no ERROR and no
 * stack trace.
 */
@SpringBootTest(classes = ChannelAuthControllerIntegrationTests.TestApplication.class,
		webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "pubsub.channel-auth.enabled=true", "pubsub.channel-auth.app-key=app-key",
				"pubsub.channel-auth.app-secret=super-secret-value" })
@ExtendWith(OutputCaptureExtension.class)
class ChannelAuthUnreadableBodyTests {

	private static final String WARN_TEXT = "Channel auth refused an unreadable form body";

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void unparseableFormsAre400WithOneEscapedCappedWarnLine(CapturedOutput output) throws Exception {
		// Invalid UTF-8 (%FF), then CR LF and a forged log line, then 10 KB: Tomcat quotes the value
		// in its exception message.
		String invalidUtf8 = "socket_id=1234.1234&channel_name=private-a%FF%0D%0A2026-01-01 FATAL FORGED-LINE"
				+ "x".repeat(10_000);
		String badEscape = "socket_id=1234.1234&channel_name=private-%zz";
		// 2,000 fields: over Tomcat's max-parameter-count (1,000), under the 16 KB body limit.
		String tooManyFields = IntStream.range(0, 2_000).mapToObj((i) -> "f" + i + "=1")
			.collect(Collectors.joining("&"));
		for (String form : List.of(invalidUtf8, badEscape, tooManyFields)) {
			HttpResponse<String> response = post("application/x-www-form-urlencoded",
					form.getBytes(StandardCharsets.ISO_8859_1));
			assertThat(response.statusCode()).as(form.substring(0, 40)).isEqualTo(400);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("application/json"));
			assertThat(this.jsonMapper.readTree(response.body()).get("error").asString())
				.isEqualTo("Malformed form body");
		}
		// A well-formed request still works afterwards (the user filter needs X-Test-User).
		HttpResponse<String> ok = post("application/x-www-form-urlencoded",
				"socket_id=1234.1234&channel_name=private-a".getBytes(StandardCharsets.US_ASCII));
		assertThat(ok.statusCode()).isEqualTo(200);

		List<String> lines = output.getAll().lines().toList();
		List<String> warnings = lines.stream().filter((line) -> line.contains(WARN_TEXT)).toList();
		assertThat(warnings).hasSize(1);
		String warning = warnings.get(0);
		assertThat(warning).contains(" WARN ").contains("private-a").contains("\\r\\n2026-01-01 FATAL FORGED-LINE")
			.contains("chars)");
		assertThat(warning.length()).isLessThan(600);
		assertThat(lines).noneMatch((line) -> line.startsWith("2026-01-01"));
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ").doesNotContain("Exception:");
	}

	@Test
	void invalidUtf8JsonIsAQuiet400(CapturedOutput output) throws Exception {
		byte[] body = "{\"socket_id\":\"1234.1234\",\"channel_name\":\"private-\u00ff\"}"
			.getBytes(StandardCharsets.ISO_8859_1);
		HttpResponse<String> response = post("application/json", body);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(this.jsonMapper.readTree(response.body()).get("error").asString()).isNotEmpty();
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("\tat ");
	}

	private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/pubsub/auth"))
			.header("Content-Type", contentType)
			.header("X-Test-User", "alice")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

}
