package dev.pubsub.httppubsub;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.pubsub.interop.InteropPeers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The receive and recover endpoints under a custom {@code pubsub.httppubsub.base-path}: the URLs the
 * client registers use it, the endpoints answer there, and not under the default path.
 */
class HttpPubSubCustomBasePathTests {

	private static final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

	private static ConfigurableApplicationContext context;

	private static int port;

	private static DefaultHttpPubSubClient client;

	@BeforeAll
	static void startApp() {
		port = InteropPeers.freePort();
		context = new SpringApplicationBuilder(App.class).properties("server.port=" + port,
				"server.address=127.0.0.1", "pubsub.httppubsub.base-path=/hooks/v2",
				"pubsub.clients.tok.type=httppubsub", "pubsub.clients.tok.auto-connect=false",
				"pubsub.clients.tok.httppubsub.callback-base-url=http://127.0.0.1:" + port,
				"pubsub.clients.tok.httppubsub.to-subscriber.type=token",
				"pubsub.clients.tok.httppubsub.to-subscriber.secret=tok")
			.run();
		client = context.getBean("tok", DefaultHttpPubSubClient.class);
		client.subscribe("orders/*", (message) -> {
		});
	}

	@AfterAll
	static void stopApp() {
		context.close();
	}

	@Test
	void recoverAnswersUnderTheConfiguredBasePathOnly() throws Exception {
		assertThat(client.receiveUrl()).isEqualTo("http://127.0.0.1:" + port + "/hooks/v2/tok/receive");
		List<HttpPubSubMissedEvent> missed = new CopyOnWriteArrayList<>();
		client.addMissedListener(missed::add);
		byte[] body = new WireWriter().str16(new byte[0]).str16("orders/9".getBytes(StandardCharsets.UTF_8))
			.toByteArray();
		assertThat(send("/pubsub/httppubsub/tok/recover", body).statusCode()).isEqualTo(404);
		HttpResponse<byte[]> response = send("/hooks/v2/tok/recover", body);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(HexFormat.of().formatHex(response.body())).startsWith("0009");
		await().until(() -> missed.size() == 1);
		assertThat(missed.get(0).topic()).isEqualTo("orders/9");
	}

	private static HttpResponse<byte[]> send(String path, byte[] body) throws Exception {
		return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.header("Authorization", "Bearer tok")
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

}
