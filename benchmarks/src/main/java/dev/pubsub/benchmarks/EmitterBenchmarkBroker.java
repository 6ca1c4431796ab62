package dev.pubsub.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import dev.pubsub.test.emitter.EmbeddedEmitterBroker;

/**
 * The broker of the {@code emitter} benchmark, on 127.0.0.1: the embedded Emitter-compatible broker
 * (in this JVM; deliveries on the bare channel, as Emitter does) or Debian's Mosquitto (its own
 * process; deliveries on the full topic).
 */
abstract class EmitterBenchmarkBroker implements AutoCloseable {

	/** The channel every tick goes to. */
	static final String CHANNEL = "bench";

	/**
	 * The MQTT topic both subscribers subscribe to (the Emitter client always sends {@code last}).
	 * @return the topic filter
	 */
	String subscriptionTopic() {
		return key() + "/" + CHANNEL + "/?last=0";
	}

	/**
	 * The MQTT topic the publisher writes to: on Emitter the channel, on Mosquitto the exact filter
	 * the subscribers use.
	 * @return the topic
	 */
	abstract String publishTopic();

	abstract String key();

	abstract int port();

	/**
	 * Whether deliveries arrive on the bare channel (Emitter) or on the full topic (plain MQTT).
	 * @return {@code true} for Emitter routing
	 */
	abstract boolean routesOnChannel();

	abstract String description();

	static EmitterBenchmarkBroker start(String kind) throws Exception {
		return switch (kind) {
			case "embedded" -> new Embedded();
			case "mosquitto" -> new Mosquitto();
			default -> throw new IllegalArgumentException("--broker must be embedded or mosquitto, not '" + kind + "'");
		};
	}

	private static final class Embedded extends EmitterBenchmarkBroker {

		private final EmbeddedEmitterBroker broker = new EmbeddedEmitterBroker().start();

		private final String key = this.broker.createKey(CHANNEL + "/", "rw");

		@Override
		String publishTopic() {
			return this.key + "/" + CHANNEL + "/";
		}

		@Override
		String key() {
			return this.key;
		}

		@Override
		int port() {
			return this.broker.port();
		}

		@Override
		boolean routesOnChannel() {
			return true;
		}

		@Override
		String description() {
			return "embedded EmbeddedEmitterBroker (in this JVM)";
		}

		@Override
		public void close() {
			this.broker.stop();
		}

	}

	private static final class Mosquitto extends EmitterBenchmarkBroker {

		private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

		private final Process process;

		private final int port;

		private final Path directory;

		Mosquitto() throws Exception {
			if (!Files.isExecutable(BINARY)) {
				throw new IllegalStateException(BINARY + " is missing: run interop/mosquitto/setup.sh");
			}
			try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
				this.port = socket.getLocalPort();
			}
			this.directory = Files.createTempDirectory("bench-mosquitto");
			Files.writeString(this.directory.resolve("mosquitto.conf"), String.join("\n",
					"listener " + this.port + " 127.0.0.1", "allow_anonymous true", "persistence false",
					"log_dest none", "user root", ""));
			this.process = new ProcessBuilder(BINARY.toString(), "-c", "mosquitto.conf")
				.directory(this.directory.toFile())
				.redirectErrorStream(true)
				.redirectOutput(this.directory.resolve("output.log").toFile())
				.start();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (!accepts()) {
				if (!this.process.isAlive() || System.nanoTime() - deadline > 0) {
					throw new IllegalStateException("mosquitto did not start: "
							+ Files.readString(this.directory.resolve("output.log")));
				}
				Thread.sleep(20);
			}
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

		@Override
		String publishTopic() {
			return subscriptionTopic();
		}

		@Override
		String key() {
			return "benchkey";
		}

		@Override
		int port() {
			return this.port;
		}

		@Override
		boolean routesOnChannel() {
			return false;
		}

		@Override
		String description() {
			return "Mosquitto " + BINARY + " (its own process)";
		}

		@Override
		public void close() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}

	}

}
