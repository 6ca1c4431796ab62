package dev.pubsub.benchmarks;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.socket.client.standard.StandardWebSocketClient;

import dev.pubsub.auth.ChannelAuthCredentials;
import dev.pubsub.auth.ChannelAuthSigner;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.realtimex.DefaultRealtimeXClient;
import dev.pubsub.realtimex.RealtimeXChannel;
import dev.pubsub.realtimex.SigningRealtimeXAuthorizer;
import dev.pubsub.test.realtimex.EmbeddedRealtimeXServer;

/**
 * RealtimeX client-event round trip between two clients through the embedded server (loopback, one
 * JVM): client A triggers {@code client-ping} on {@code private-bench}, client B's binding answers
 * with {@code client-pong} carrying the same data, and A records the time from its trigger to B's
 * answer arriving in A's binding. One ping in flight at a time, so this is latency, not throughput:
 * two Socket.IO hops through the server, each with JSON encoding, the server's relay and the
 * client's ordered dispatch off the I/O thread.
 * <p>
 * Options: {@code --pings=10000 --rounds=3 --warmup-pings=5000}.
 */
final class RealtimeXLatencyBenchmark {

	private final int pings;

	private final int rounds;

	private final int warmupPings;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	RealtimeXLatencyBenchmark(List<String> args) {
		Map<String, String> options = ChannelAuthBenchmark.Options.parse(args);
		this.pings = ChannelAuthBenchmark.Options.integer(options, "pings", 10_000);
		this.rounds = ChannelAuthBenchmark.Options.integer(options, "rounds", 3);
		this.warmupPings = ChannelAuthBenchmark.Options.integer(options, "warmup-pings", 5_000);
		ChannelAuthBenchmark.Options.requireEmpty(options);
	}

	void run() throws Exception {
		EmbeddedRealtimeXServer server = new EmbeddedRealtimeXServer(0, "bench-api", "bench-key", "bench-secret")
			.recordEvents(false)
			.start();
		DefaultRealtimeXClient a = client(server, "a");
		DefaultRealtimeXClient b = client(server, "b");
		try {
			a.connect().get(10, TimeUnit.SECONDS);
			b.connect().get(10, TimeUnit.SECONDS);
			RealtimeXChannel channelA = a.subscribe("private-bench");
			RealtimeXChannel channelB = b.subscribe("private-bench");
			channelA.whenSubscribed().get(10, TimeUnit.SECONDS);
			channelB.whenSubscribed().get(10, TimeUnit.SECONDS);
			BlockingQueue<Long> pongs = new ArrayBlockingQueue<>(16);
			channelB.bind("client-ping", (event) -> channelB.trigger("client-pong", event.data()));
			channelA.bind("client-pong", (event) -> pongs.add(event.data().get("seq").asLong()));
			System.out.printf(Locale.ROOT, "realtimex: client-event round trip A -> server -> B -> server -> A, "
					+ "%d cores, rounds of %,d pings after %,d warm-up pings%n",
					Runtime.getRuntime().availableProcessors(), this.pings, this.warmupPings);
			round(channelA, pongs, this.warmupPings, 0);
			List<long[]> results = new ArrayList<>();
			for (int round = 1; round <= this.rounds; round++) {
				long[] rtt = round(channelA, pongs, this.pings, (long) round * 1_000_000);
				results.add(rtt);
				System.out.printf(Locale.ROOT, "  round %d: p50 %7.1f us  p90 %7.1f us  p99 %7.1f us  max %8.1f us%n",
						round, at(rtt, 0.50) / 1e3, at(rtt, 0.90) / 1e3, at(rtt, 0.99) / 1e3,
						rtt[rtt.length - 1] / 1e3);
			}
			long[] all = results.stream().flatMapToLong(Arrays::stream).sorted().toArray();
			System.out.printf(Locale.ROOT, "  all %,d: p50 %7.1f us  p99 %7.1f us%n", all.length, at(all, 0.50) / 1e3,
					at(all, 0.99) / 1e3);
		}
		finally {
			a.destroy();
			b.destroy();
			server.stop();
		}
	}

	private long[] round(RealtimeXChannel channel, BlockingQueue<Long> pongs, int count, long firstSeq)
			throws InterruptedException {
		long[] rtt = new long[count];
		for (int i = 0; i < count; i++) {
			long seq = firstSeq + i;
			long sent = System.nanoTime();
			channel.trigger("client-ping", Map.of("seq", seq));
			Long answered = pongs.poll(5, TimeUnit.SECONDS);
			long received = System.nanoTime();
			if (answered == null || answered != seq) {
				throw new IllegalStateException("Expected pong " + seq + ", got " + answered);
			}
			rtt[i] = received - sent;
		}
		Arrays.sort(rtt);
		return rtt;
	}

	private DefaultRealtimeXClient client(EmbeddedRealtimeXServer server, String user) {
		return new DefaultRealtimeXClient(user, this.jsonMapper,
				new ReconnectPolicy(true, Duration.ofMillis(100), Duration.ofSeconds(1), 2.0, 0.5, -1),
				Duration.ofSeconds(5), Duration.ofSeconds(5),
				URI.create(server.url() + "?api_key=bench-api&EIO=4&transport=websocket"),
				new SigningRealtimeXAuthorizer(
						new ChannelAuthSigner(ChannelAuthCredentials.of("bench-key", "bench-secret")), user,
						Map.of("name", user), this.jsonMapper),
				new StandardWebSocketClient());
	}

	private static long at(long[] sorted, double quantile) {
		return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1))];
	}

}
