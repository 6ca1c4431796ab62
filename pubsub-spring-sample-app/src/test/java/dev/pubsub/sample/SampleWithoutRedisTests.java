package dev.pubsub.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample carries {@code spring-boot-starter-data-redis} for the wsrpc Redis fan-out, but its
 * default broadcast type is {@code none}: with no Redis anywhere it starts without errors, shares
 * nothing through Redis, and its health is {@code UP} without a {@code redis} or
 * {@code wsrpcBroadcast} component.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
		properties = "spring.data.redis.url=redis://127.0.0.1:1")
class SampleWithoutRedisTests {

	@Autowired
	private ApplicationContext context;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void freeServerPort(DynamicPropertyRegistry registry) throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			int free = socket.getLocalPort();
			registry.add("server.port", () -> free);
		}
	}

	@Test
	void startsHealthyWithTheRedisStarterAndNoRedis(CapturedOutput output) {
		assertThat(this.context.getBeansOfType(RedisConnectionFactory.class)).hasSize(1);
		assertThat(this.context.getBeansOfType(WsRpcBroadcaster.class)).isEmpty();
		RestClient rest = RestClient.create("http://127.0.0.1:" + this.port);
		await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
			Map<String, Object> health = rest.get()
				.uri("/actuator/health")
				.retrieve()
				.onStatus(HttpStatusCode::isError, (request, response) -> {
				})
				.body(new ParameterizedTypeReference<Map<String, Object>>() {
				});
			assertThat(health).containsEntry("status", "UP");
			assertThat(health).extractingByKey("components")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsKey("pubsub")
				.doesNotContainKeys("redis", "wsrpcBroadcast");
		});
		assertThat(output.getOut() + output.getErr()).doesNotContain(" ERROR ")
			.doesNotContainIgnoringCase("redis connection")
			.doesNotContain("Unable to connect to Redis");
	}

}
