package dev.pubsub.benchmarks.replay;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A replay server, its own JVM: {@code replay-server <provider> --messages=N [--port=0]}. It prints
 * {@code REPLAY-SERVER port=<port> messages=<N> frame-bytes=<avg>} (the count it announces) and then,
 * for every connection, does the provider's handshake and writes N pre-encoded delivery frames as fast
 * as the socket takes them. It runs until its standard input closes (the driver holds it open). A line
 * {@code messages=M rate=R} on standard input makes later connections paced: the first {@code --warmup} frames at
 * full speed, a one-second pause, then M frames at R per second, each stamped with its send
 * time ({@code rate=0}: full speed again).
 */
public final class ReplayServer {

	/** Frames per second for the measured part of new connections; 0 for as fast as the socket takes them. */
	static volatile long rate;

	/** Measured frames per paced connection (after the warm-up). */
	static volatile long pacedMessages;

	private ReplayServer() {
	}

	/**
	 * Run a replay server.
	 * @param args the provider, then {@code --messages=N} and optionally {@code --port=P}
	 * @throws Exception if the server cannot start
	 */
	public static void main(String[] args) throws Exception {
		ReplayOptions options = ReplayOptions.parse(args, 1);
		String provider = args[0];
		long messages = options.longValue("messages", 100_000);
		long warmup = options.longValue("warmup", 0);
		if ("httppubsub".equals(provider)) {
			int port = new HttpPubSubLoadClient(warmup, messages - warmup).start();
			System.out.println("REPLAY-SERVER port=" + port + " messages=" + messages + " (httppubsub load client)");
			System.out.flush();
			readCommands();
			System.exit(0);
		}
		ReplayProtocol probe = ReplayProtocol.forProvider(provider);
		ServerSocket server = new ServerSocket(options.intValue("port", 0), 50, InetAddress.getLoopbackAddress());
		System.out.println("REPLAY-SERVER port=" + server.getLocalPort() + " messages=" + messages + " frame-bytes="
				+ probe.frames().averageFrameBytes());
		System.out.flush();
		Thread watchdog = new Thread(() -> {
			readCommands();
			System.exit(0);
		}, "replay-stdin");
		watchdog.setDaemon(true);
		watchdog.start();
		int connections = 0;
		while (true) {
			Socket socket = server.accept();
			String name = "replay-" + provider + "-" + (++connections);
			long paced = rate;
			Thread thread = new Thread(() -> serve(socket, ReplayProtocol.forProvider(provider), warmup, messages, paced,
					name), name);
			thread.start();
		}
	}

	/** Read {@code rate=R} lines until the driver closes standard input. */
	private static void readCommands() {
		try {
			BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			String line;
			while ((line = reader.readLine()) != null) {
				for (String part : line.trim().split(" ")) {
					if (part.startsWith("messages=")) {
						pacedMessages = Long.parseLong(part.substring(9));
					}
					else if (part.startsWith("rate=")) {
						rate = Long.parseLong(part.substring(5));
					}
				}
			}
		}
		catch (IOException | NumberFormatException ex) {
			System.err.println("replay server: bad command: " + ex);
		}
	}

	private static void serve(Socket socket, ReplayProtocol protocol, long warmup, long messages, long paced,
			String name) {
		try (socket) {
			socket.setTcpNoDelay(true);
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			protocol.handshake(in, out);
			Object lock = new Object();
			Thread drain = new Thread(() -> {
				try {
					protocol.drain(in, out, lock);
				}
				catch (IOException ex) {
					// the subscriber closed
				}
			}, name + "-drain");
			drain.start();
			long start = System.nanoTime();
			if (paced > 0) {
				protocol.frames().writeFrames(out, warmup, lock);
				Thread.sleep(1000);
				protocol.frames().writePaced(out, pacedMessages, paced, lock);
			}
			else {
				protocol.frames().writeFrames(out, messages, lock);
			}
			long nanos = System.nanoTime() - start;
			System.err.printf("%s: wrote %d frames in %.2f s%s%n", name, (paced > 0) ? warmup + pacedMessages : messages,
					nanos / 1e9,
					(paced > 0) ? " (paced at " + paced + "/s after the warm-up)" : "");
			drain.join();
		}
		catch (IOException ex) {
			System.err.println(name + ": connection ended: " + ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
