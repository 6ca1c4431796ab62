package dev.pubsub.test.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy (shared by the tests of every provider) whose existing connections can be frozen: bytes stop flowing both ways but
 * neither socket closes, as when a peer or the network vanishes without a FIN or RST. New
 * connections are forwarded normally.
 */
public final class FreezableTcpProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final List<Link> links = new CopyOnWriteArrayList<>();

	public FreezableTcpProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::accept, "proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public int port() {
		return this.server.getLocalPort();
	}

	/**
	 * Freeze every connection open now, for good.
	 * @return how many were frozen
	 */
	public int freezeAll() {
		int count = 0;
		for (Link link : this.links) {
			if (!link.frozen) {
				link.frozen = true;
				count++;
			}
		}
		return count;
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				Link link = new Link(client, upstream);
				this.links.add(link);
				pump(link, client, upstream);
				pump(link, upstream, client);
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private static void pump(Link link, Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					if (!link.frozen) {
						out.write(buffer, 0, read);
						out.flush();
					}
				}
				if (!link.frozen) {
					to.shutdownOutput();
				}
			}
			catch (IOException ex) {
				// one side went away; the other pump ends too
			}
		}, "proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public void close() throws IOException {
		this.server.close();
		for (Link link : this.links) {
			link.client.close();
			link.upstream.close();
		}
	}

	private static final class Link {

		private final Socket client;

		private final Socket upstream;

		private volatile boolean frozen;

		Link(Socket client, Socket upstream) {
			this.client = client;
			this.upstream = upstream;
		}

	}

}
