package dev.pubsub.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * A TLS server in front of an embedded pub/sub server: a JDK {@link SSLServerSocket} on
 * {@code 127.0.0.1} with a self-signed certificate from {@code src/test/resources/tls}, which
 * completes the TLS handshake with the client and then copies the decrypted bytes both ways to the
 * plain-text port of the embedded server (WebSocket, HTTP or MQTT alike). It records each
 * handshake's outcome, so a test can show that a connection really went through TLS and which
 * protocol was negotiated, and that a refused handshake was refused by the client.
 */
final class TlsTerminatingProxy implements AutoCloseable {

	/** The certificate for {@code localhost} and {@code 127.0.0.1}. */
	static final String SERVER = "server";

	/** A certificate for {@code wrong-host.invalid} only. */
	static final String WRONG_HOST = "wrong-host";

	private final SSLServerSocket serverSocket;

	private final int backendPort;

	private final List<String> protocols = new CopyOnWriteArrayList<>();

	private final List<Exception> failures = new CopyOnWriteArrayList<>();

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	private TlsTerminatingProxy(SSLServerSocket serverSocket, int backendPort) {
		this.serverSocket = serverSocket;
		this.backendPort = backendPort;
	}

	/**
	 * Start a proxy presenting {@code tls/<certificate>.crt}.
	 * @param certificate {@link #SERVER} or {@link #WRONG_HOST}
	 * @param backendPort the plain-text port of the embedded server
	 * @return the started proxy
	 * @throws IOException if the port cannot be bound
	 */
	static TlsTerminatingProxy start(String certificate, int backendPort) throws IOException {
		PemSslStoreDetails key = PemSslStoreDetails.forCertificate("classpath:tls/" + certificate + ".crt")
			.withPrivateKey("classpath:tls/" + certificate + ".key");
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(key, null));
		SSLServerSocket serverSocket = (SSLServerSocket) bundle.createSslContext()
			.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		TlsTerminatingProxy proxy = new TlsTerminatingProxy(serverSocket, backendPort);
		Thread acceptor = new Thread(proxy::accept, "tls-proxy-accept-" + serverSocket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
		return proxy;
	}

	/**
	 * Return the TLS port.
	 * @return the port
	 */
	int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Return the protocols of the completed handshakes, in order.
	 * @return e.g. {@code [TLSv1.3]}
	 */
	List<String> handshakes() {
		return List.copyOf(this.protocols);
	}

	/**
	 * Return the failed handshakes, as the server saw them.
	 * @return the failures
	 */
	List<Exception> failedHandshakes() {
		return List.copyOf(this.failures);
	}

	@Override
	public void close() throws IOException {
		this.closed = true;
		this.serverSocket.close();
		for (Socket socket : this.sockets) {
			closeQuietly(socket);
		}
	}

	private void accept() {
		while (!this.closed) {
			try {
				SSLSocket client = (SSLSocket) this.serverSocket.accept();
				this.sockets.add(client);
				Thread connection = new Thread(() -> connect(client), "tls-proxy-" + client.getPort());
				connection.setDaemon(true);
				connection.start();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	private void connect(SSLSocket client) {
		try {
			client.startHandshake();
			this.protocols.add(client.getSession().getProtocol());
		}
		catch (IOException ex) {
			this.failures.add(ex);
			closeQuietly(client);
			return;
		}
		Socket backend = new Socket();
		this.sockets.add(backend);
		try {
			backend.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.backendPort), 5000);
		}
		catch (IOException ex) {
			closeQuietly(client);
			closeQuietly(backend);
			return;
		}
		Thread upstream = new Thread(() -> pump(client, backend), "tls-proxy-up-" + client.getPort());
		upstream.setDaemon(true);
		upstream.start();
		pump(backend, client);
	}

	private static void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) != -1) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// either side closed
		}
		finally {
			closeQuietly(from);
			closeQuietly(to);
		}
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// closing anyway
		}
	}

}
