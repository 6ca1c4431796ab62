package dev.pubsub.emitter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.pubsub.interop.InteropPeers;

import static org.awaitility.Awaitility.await;

/**
 * Runs Debian's Mosquitto ({@code interop/mosquitto/setup.sh} installs it) as a plain MQTT 3.1.1
 * broker on a free port of 127.0.0.1, from a generated configuration: anonymous access, no
 * persistence (a restart forgets every subscription), everything logged to {@code broker-N.log}.
 * {@link #kill()} and {@link #start()} restart it on the same port; {@link #pause()} and
 * {@link #resume()} freeze it with {@code SIGSTOP}/{@code SIGCONT}, like a peer that vanishes
 * without closing its sockets.
 */
final class MosquittoProcess implements AutoCloseable {

	private static final String BINARY = "/usr/sbin/mosquitto";

	private final Path binary;

	private final Path directory;

	private final int port;

	private int starts;

	private Process process;

	private boolean paused;

	private MosquittoProcess(Path binary, Path directory, int port) {
		this.binary = binary;
		this.directory = directory;
		this.port = port;
	}

	static MosquittoProcess launch() throws Exception {
		Path binary = InteropPeers.require(BINARY, "Mosquitto (interop/mosquitto/setup.sh)");
		Path directory = Files.createTempDirectory("mosquitto");
		int port = InteropPeers.freePort();
		MosquittoProcess mosquitto = new MosquittoProcess(binary, directory, port);
		mosquitto.start();
		return mosquitto;
	}

	/**
	 * Start the broker (again) on its port and wait until it accepts connections.
	 * @throws Exception if it does not start
	 */
	void start() throws Exception {
		Path log = this.directory.resolve("broker-" + (++this.starts) + ".log");
		Files.writeString(this.directory.resolve("mosquitto.conf"), String.join("\n", "listener " + this.port
				+ " 127.0.0.1", "allow_anonymous true", "persistence false", "log_dest file " + log, "log_type all",
				"log_timestamp false", "user root", ""));
		Process started = new ProcessBuilder(this.binary.toString(), "-c", "mosquitto.conf")
			.directory(this.directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(this.directory.resolve("output-" + this.starts + ".log").toFile())
			.start();
		this.process = started;
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			if (!started.isAlive()) {
				throw new IllegalStateException("mosquitto exited: "
						+ Files.readString(this.directory.resolve("output-" + this.starts + ".log")));
			}
			return Files.exists(log) && Files.readString(log).contains("Opening ipv4 listen socket on port " + this.port) && accepts();
		});
	}

	private boolean accepts() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/**
	 * Kill the broker with {@code SIGKILL}, like a crash.
	 * @throws InterruptedException if interrupted
	 */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	/**
	 * Freeze the broker with {@code SIGSTOP}: its sockets stay open, it answers nothing.
	 * @throws Exception if the signal fails
	 */
	void pause() throws Exception {
		signal("-STOP");
		this.paused = true;
	}

	/**
	 * Let a frozen broker go on with {@code SIGCONT}.
	 * @throws Exception if the signal fails
	 */
	void resume() throws Exception {
		if (this.paused) {
			signal("-CONT");
			this.paused = false;
		}
	}

	/**
	 * Resume or restart the broker if a test left it frozen or dead.
	 * @throws Exception if it does not start
	 */
	void ensureRunning() throws Exception {
		resume();
		if (!this.process.isAlive()) {
			start();
		}
	}

	private void signal(String signal) throws Exception {
		Process kill = new ProcessBuilder("kill", signal, Long.toString(this.process.pid())).inheritIO().start();
		if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
			throw new IllegalStateException("kill " + signal + " failed");
		}
	}

	int port() {
		return this.port;
	}

	String uri() {
		return "tcp://127.0.0.1:" + this.port;
	}

	/**
	 * Return the log of the current broker process.
	 * @return the log
	 * @throws IOException if it cannot be read
	 */
	String log() throws IOException {
		return Files.readString(this.directory.resolve("broker-" + this.starts + ".log"));
	}

	@Override
	public void close() throws Exception {
		if (this.process != null && this.process.isAlive()) {
			resume();
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
	}

}
