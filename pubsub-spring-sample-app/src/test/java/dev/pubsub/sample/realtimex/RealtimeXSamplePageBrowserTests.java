package dev.pubsub.sample.realtimex;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's RealtimeX page in a real browser: Debian's headless Chromium, driven by
 * playwright-core ({@code interop/browser/realtimex-sample.js}), opens {@code /realtimex/index.html}
 * as two visitors. Each page gets its signatures from {@code /pubsub/auth}, joins the presence and
 * private channels of the embedded RealtimeX server, lists both members, and a client event sent
 * from one page shows up on the other. The screenshot goes to
 * {@code target/screenshots/realtimex-sample.png}, or where {@code -Dpubsub.screenshot} says (the one
 * in {@code docs/images/} was made that way).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "pubsub.clients.feed.auto-connect=false")
class RealtimeXSamplePageBrowserTests {

	private static final String CHROMIUM = "/usr/bin/chromium";

	@LocalServerPort
	private int port;

	@Autowired
	private EmbeddedRealtimeXServer server;

	private static Path script;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	// before the application context starts, so that a missing peer skips without starting it
	@BeforeAll
	static void requirePeers() {
		script = BrowserPeers.require("browser/node_modules/playwright-core/package.json", "npm playwright-core")
			.getParent().getParent().getParent().resolve("realtimex-sample.js");
		BrowserPeers.require(CHROMIUM, "Debian's chromium package");
	}

	@Test
	void twoVisitorsSeeEachOtherAndExchangeAClientEvent() throws Exception {
		String configured = System.getProperty("pubsub.screenshot");
		Path screenshot = ((configured != null) ? Path.of(configured)
				: Path.of("target", "screenshots", "realtimex-sample.png")).toAbsolutePath();
		java.nio.file.Files.createDirectories(screenshot.getParent());
		Process node = new ProcessBuilder("node", script.getFileName().toString(), "http://127.0.0.1:" + this.port,
				screenshot.toString())
			.directory(script.getParent().toFile())
			.redirectErrorStream(true)
			.start();
		List<String> output = new ArrayList<>();
		CompletableFuture<String> result = CompletableFuture.supplyAsync(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				String found = null;
				while ((line = reader.readLine()) != null) {
					output.add(line);
					if (line.startsWith("RESULT ")) {
						found = line.substring("RESULT ".length());
					}
				}
				return found;
			}
			catch (java.io.IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		try {
			assertThat(node.waitFor(120, TimeUnit.SECONDS)).as("browser script finished: %s", output).isTrue();
			String json = result.get(10, TimeUnit.SECONDS);
			assertThat(node.exitValue()).as("browser script output: %s", output).isZero();
			assertThat(json).as("browser script output: %s", output).isNotNull();
			JsonNode page = this.jsonMapper.readTree(json);
			String meA = page.get("meA").asString();
			String meB = page.get("meB").asString();
			assertThat(meA).startsWith("guest-").isNotEqualTo(meB);
			assertThat(strings(page.get("membersA"))).containsExactlyInAnyOrder(meA, meB);
			assertThat(strings(page.get("membersB"))).containsExactlyInAnyOrder(meA, meB);
			assertThat(page.get("statusA").asString()).isEqualTo("connected");
			assertThat(page.get("received").asString()).isEqualTo(meA + ": " + page.get("sent").asString());
			assertThat(strings(page.get("errors"))).isEmpty();
			assertThat(this.server.received()).anySatisfy((event) -> {
				assertThat(event.event()).isEqualTo("client-event");
				assertThat(event.payload().path("channel").asString()).isEqualTo("private-chat");
			});
			assertThat(Files.size(screenshot)).isGreaterThan(1000);
		}
		finally {
			node.destroyForcibly();
		}
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.asString()));
		return values;
	}

}
