package dev.pubsub.benchmarks.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.sun.management.OperatingSystemMXBean;

import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireWriter;

/**
 * Posts signed receive requests to one subscriber URL over {@value #CONNECTIONS} keep-alive HTTP/1.1
 * connections, each a blocking socket with TCP_NODELAY that keeps {@value #PIPELINE} requests in flight
 * (HTTP/1.1 pipelining, which Tomcat serves in order). At max rate every request is encoded and signed
 * before the first one is sent (the HMAC window is 120 s, so this stays valid for the run), so the load
 * side does no per-message crypto or allocation while it sends: it copies bytes and reads replies. In
 * paced mode (rate &gt; 0) the measured requests are built at send time with the send timestamp in the
 * payload, which a fixed rate well below the subscriber's maximum can afford.
 * <p>
 * Why not the JDK {@code HttpClient}: the earlier load client used {@code sendAsync} with 64 requests in
 * flight and signed each request on the fly; it spent 0.8-1.3 ms of CPU per request (selector thread to
 * a cached worker pool of ~140 threads and back for every response, request building, {@code SecureRandom},
 * HMAC) and so took about one of the machine's two cores, capping every subscriber near 1,000 msg/s.
 */
final class HttpPubSubPoster {

	/** Keep-alive connections per subscriber. */
	static final int CONNECTIONS = 4;

	/** Requests in flight per connection. */
	static final int PIPELINE = 8;

	private static final byte[] EMPTY = new byte[0];

	private static final byte[] TOPIC = ReplayTopics.TOPIC.getBytes(StandardCharsets.UTF_8);

	private final HttpPubSubAuth auth = HttpPubSubAuth.hmac(ReplayTopics.HTTPPUBSUB_SECRET);

	private final SecureRandom random = new SecureRandom();

	private final URI uri;

	private final String url;

	private final long warmup;

	private final long messages;

	private final long rate;

	private final AtomicLong next = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private byte[][] presigned = new byte[0][];

	private volatile long pacedStart;

	HttpPubSubPoster(String url, long warmup, long messages, long rate) {
		this.url = url;
		this.uri = URI.create(url);
		this.warmup = warmup;
		this.messages = messages;
		this.rate = rate;
	}

	void run() {
		long total = this.warmup + this.messages;
		long signed = (this.rate > 0) ? this.warmup : total;
		this.presigned = new byte[Math.toIntExact(signed)][];
		for (int i = 0; i < signed; i++) {
			this.presigned[i] = request(i, 0);
		}
		OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
		long startCpu = os.getProcessCpuTime();
		long start = System.nanoTime();
		List<Thread> threads = new ArrayList<>();
		for (int c = 0; c < CONNECTIONS; c++) {
			Thread thread = new Thread(this::connection, "replay-httppubsub-post-" + c);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			try {
				thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.presigned = new byte[0][];
		System.err.printf("replay-httppubsub: posted %d receives in %.2f s (%d failed, %s), load client CPU %.1f us/request%n",
				total, (System.nanoTime() - start) / 1e9, this.failed.get(),
				(this.rate > 0) ? "paced at " + this.rate + "/s after the warm-up" : "max rate",
				(os.getProcessCpuTime() - startCpu) / 1e3 / total);
	}

	private void connection() {
		long total = this.warmup + this.messages;
		try (Socket socket = new Socket(this.uri.getHost(), this.uri.getPort())) {
			socket.setTcpNoDelay(true);
			// unbuffered: each request is one write(2) of its whole bytes, nothing waits for a flush
			OutputStream out = socket.getOutputStream();
			InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
			int inFlight = 0;
			while (true) {
				long n = -1;
				if (inFlight < PIPELINE) {
					n = this.next.getAndIncrement();
					if (n >= total) {
						n = -1;
					}
				}
				if (n >= 0) {
					out.write(requestFor(n));
					inFlight++;
					if (inFlight < PIPELINE && (this.rate == 0 || in.available() == 0)) {
						continue;
					}
				}
				if (inFlight == 0) {
					return;
				}
				readResponse(in);
				inFlight--;
			}
		}
		catch (IOException | RuntimeException ex) {
			if (this.failed.getAndIncrement() < 5) {
				System.err.println("httppubsub load client: connection failed: " + ex);
			}
		}
	}

	private byte[] requestFor(long n) {
		if (n < this.presigned.length) {
			return this.presigned[(int) n];
		}
		long index = n - this.warmup;
		if (index == 0) {
			sleepQuietly(1000);
			this.pacedStart = System.nanoTime();
		}
		while (this.pacedStart == 0) {
			java.util.concurrent.locks.LockSupport.parkNanos(100_000);
		}
		long due = this.pacedStart + index * 1_000_000_000L / this.rate;
		long wait;
		while ((wait = due - System.nanoTime()) > 0) {
			if (wait > 200_000) {
				java.util.concurrent.locks.LockSupport.parkNanos(wait - 100_000);
			}
			else {
				Thread.onSpinWait();
			}
		}
		return request((int) (n % FrameBlock.FRAMES), System.nanoTime());
	}

	private static void sleepQuietly(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private byte[] request(int seq, long sentNanos) {
		byte[] message = ReplayTopics.payload(seq % FrameBlock.FRAMES, sentNanos).getBytes(StandardCharsets.UTF_8);
		byte[] digest = HttpPubSubProtocol.sha512(message);
		byte[] identifier = new byte[8];
		this.random.nextBytes(identifier);
		byte[] body = new WireWriter(48 + message.length).str16(EMPTY)
			.str16(TOPIC)
			.str8(identifier)
			.u64(message.length)
			.bytes(message)
			.toByteArray();
		String authorization = this.auth.authorize(AuthMessageType.RECEIVE, EMPTY,
				HttpPubSubProtocol.signReceive(this.url, TOPIC, identifier, digest));
		String head = "POST " + this.uri.getRawPath() + " HTTP/1.1\r\nHost: " + this.uri.getHost() + ":"
				+ this.uri.getPort() + "\r\nContent-Type: application/octet-stream\r\nAuthorization: " + authorization
				+ "\r\nRepr-Digest: sha-512=:" + Base64.getEncoder().encodeToString(digest) + ":\r\nContent-Length: "
				+ body.length + "\r\n\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.ISO_8859_1);
		byte[] request = new byte[headBytes.length + body.length];
		System.arraycopy(headBytes, 0, request, 0, headBytes.length);
		System.arraycopy(body, 0, request, headBytes.length, body.length);
		return request;
	}

	/** Read one HTTP/1.1 response (Content-Length or chunked body) and count it failed unless 200. */
	private void readResponse(InputStream in) throws IOException {
		String status = line(in);
		long length = -1;
		boolean chunked = false;
		String header;
		while (!(header = line(in)).isEmpty()) {
			int colon = header.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = header.substring(0, colon).trim();
			String value = header.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("Content-Length")) {
				length = Long.parseLong(value);
			}
			else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
				chunked = true;
			}
		}
		if (chunked) {
			long size;
			while ((size = Long.parseLong(line(in).split(";")[0].trim(), 16)) > 0) {
				skip(in, size + 2);
			}
			while (!line(in).isEmpty()) {
				// trailers
			}
		}
		else if (length > 0) {
			skip(in, length);
		}
		if (!status.startsWith("HTTP/1.1 200") && this.failed.getAndIncrement() < 5) {
			System.err.println("httppubsub load client: receive answered " + status);
		}
	}

	private static String line(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder(64);
		int b;
		while ((b = in.read()) != '\n') {
			if (b < 0) {
				throw new IOException("connection closed");
			}
			if (b != '\r') {
				line.append((char) b);
			}
		}
		return line.toString();
	}

	private static void skip(InputStream in, long bytes) throws IOException {
		long left = bytes;
		while (left > 0) {
			long skipped = in.skip(left);
			if (skipped <= 0) {
				if (in.read() < 0) {
					throw new IOException("connection closed");
				}
				skipped = 1;
			}
			left -= skipped;
		}
	}

}
