package dev.pubsub.benchmarks.replay;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A replay server, its own JVM: {@code replay-server <provider> --messages=N [--port=0]}. It prints
 * {@code REPLAY-SERVER port=<port> messages=<N> frame-bytes=<avg>} (the count it announces) and then,
 * for every connection, does the provider's handshake and writes N pre-encoded delivery frames as fast
 * as the socket takes them. It runs until its standard input closes (the driver holds it open).
 */
public final class ReplayServer {

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
		if ("httppubsub".equals(provider)) {
			int port = new HttpPubSubLoadClient(messages).start();
			System.out.println("REPLAY-SERVER port=" + port + " messages=" + messages + " (httppubsub load client)");
			System.out.flush();
			while (System.in.read() >= 0) {
				// the driver closes stdin to stop us
			}
			System.exit(0);
		}
		ReplayProtocol probe = ReplayProtocol.forProvider(provider);
		ServerSocket server = new ServerSocket(options.intValue("port", 0), 50, InetAddress.getLoopbackAddress());
		System.out.println("REPLAY-SERVER port=" + server.getLocalPort() + " messages=" + messages + " frame-bytes="
				+ probe.frames().averageFrameBytes());
		System.out.flush();
		Thread watchdog = new Thread(() -> {
			try {
				while (System.in.read() >= 0) {
					// the driver closes stdin to stop us
				}
			}
			catch (IOException ex) {
				// stop
			}
			System.exit(0);
		}, "replay-stdin");
		watchdog.setDaemon(true);
		watchdog.start();
		int connections = 0;
		while (true) {
			Socket socket = server.accept();
			String name = "replay-" + provider + "-" + (++connections);
			Thread thread = new Thread(() -> serve(socket, ReplayProtocol.forProvider(provider), messages, name), name);
			thread.start();
		}
	}

	private static void serve(Socket socket, ReplayProtocol protocol, long messages, String name) {
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
			protocol.frames().writeFrames(out, messages, lock);
			long nanos = System.nanoTime() - start;
			System.err.printf("%s: wrote %d frames in %.2f s%n", name, messages, nanos / 1e9);
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
