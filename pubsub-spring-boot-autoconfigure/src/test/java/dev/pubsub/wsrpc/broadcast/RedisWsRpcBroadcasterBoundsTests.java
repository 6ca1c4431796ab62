package dev.pubsub.wsrpc.broadcast;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.pubsub.core.PubSubException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link RedisWsRpcBroadcaster} against a "Redis" that accepts connections and never answers (a
 * stalled server): publishes wait in a queue bounded in bytes, further ones fail at once and are
 * counted, and the health check reports the stall instead of hanging.
 */
class RedisWsRpcBroadcasterBoundsTests {

	private ServerSocket stalled;

	private final List<Socket> accepted = new CopyOnWriteArrayList<>();

	private RedisWsRpcBroadcaster broadcaster;

	@BeforeEach
	void startStalledServer() throws IOException {
		this.stalled = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(() -> {
			while (!this.stalled.isClosed()) {
				try {
					this.accepted.add(this.stalled.accept());
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "stalled-redis");
		acceptor.setDaemon(true);
		acceptor.start();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.stalled.getLocalPort()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(30)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.broadcaster = new RedisWsRpcBroadcaster(factory, "EventNotifier", Duration.ofSeconds(1), 10_000,
				Duration.ofMillis(500))
			.closingConnectionFactoryOnStop();
	}

	@AfterEach
	void stop() throws IOException {
		this.stalled.close();
		for (Socket socket : this.accepted) {
			socket.close();
		}
		this.broadcaster.stop();
	}

	@Test
	void publishesBeyondTheByteBoundFailAtOnceAndAreCounted() {
		String kilobyte = "x".repeat(998);
		List<CompletableFuture<Void>> futures = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			futures.add(this.broadcaster.publish("\"" + kilobyte + "\""));
		}
		// 10 x 1000 bytes wait for the stalled server; the other 20 were refused without queueing
		List<CompletableFuture<Void>> refused = futures.stream().filter(CompletableFuture::isCompletedExceptionally).toList();
		assertThat(refused).hasSize(20);
		assertThat(futures.subList(0, 10)).noneMatch(CompletableFuture::isDone);
		assertThat(refused).allSatisfy((future) -> assertThat(future).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(PubSubException.class)
			.withMessageContaining("queue full"));
		assertThat(this.broadcaster.dropped()).isEqualTo(20);
	}

	@Test
	void healthReportsAStalledRedisAsUnreachable() {
		WsRpcBroadcasterStatus status = this.broadcaster.status();
		assertThat(status.isUp()).isFalse();
		assertThat(status.reachable()).isFalse();
		assertThat(status.channel()).isEqualTo("EventNotifier");
		assertThat(status.error()).contains("did not accept a publish within 500 ms");
	}

}
