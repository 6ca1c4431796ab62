package dev.pubsub.emitter;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assertions;

import dev.pubsub.interop.InteropPeers;

import static org.awaitility.Awaitility.await;

/**
 * Runs the real Emitter broker ({@code interop/emitter/setup.sh} installs it) on an ephemeral
 * port of 127.0.0.1 with a fresh license and in-memory storage.
 * <p>
 * When the broker is not installed the tests are skipped, with the reason setup recorded in
 * {@code interop/.work/emitter.unavailable} if any; in CI (see {@link InteropPeers#isRequired()})
 * they fail instead, so CI never reports zero real-broker tests as a pass.
 */
final class EmitterBrokerProcess implements AutoCloseable {

	private static final Pattern LICENSE = Pattern.compile("new license: (\\S+)");

	private static final Pattern SECRET = Pattern.compile("new secret key: (\\S+)");

	private final Process process;

	private final int port;

	private final String secret;

	private final Path directory;

	private EmitterBrokerProcess(Process process, int port, String secret, Path directory) {
		this.process = process;
		this.port = port;
		this.secret = secret;
		this.directory = directory;
	}

	static EmitterBrokerProcess start() throws Exception {
		Path unavailable = InteropPeers.home().resolve(".work/emitter.unavailable");
		Path binary = InteropPeers.home().resolve(".work/bin/emitter");
		if (!Files.exists(binary) && Files.exists(unavailable)) {
			String message = "Real Emitter broker unavailable: " + Files.readString(unavailable).trim();
			if (InteropPeers.isRequired()) {
				Assertions.fail(message);
			}
			InteropPeers.skip(message);
		}
		InteropPeers.require(".work/bin/emitter", "The Emitter broker");
		Path directory = Files.createTempDirectory("emitter-broker");
		Process licenseProcess = new ProcessBuilder(binary.toString(), "license", "new").directory(directory.toFile())
			.redirectErrorStream(true)
			.start();
		String output = new String(licenseProcess.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		licenseProcess.waitFor(30, TimeUnit.SECONDS);
		String license = find(LICENSE, output);
		String secret = find(SECRET, output);
		int port = InteropPeers.freePort();
		Files.writeString(directory.resolve("emitter.conf"), "{\"listen\":\"127.0.0.1:" + port + "\",\"license\":\""
				+ license + "\",\"storage\":{\"provider\":\"inmemory\"}}");
		Process process = new ProcessBuilder(binary.toString(), "-c", "emitter.conf").directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("broker.log").toFile())
			.start();
		EmitterBrokerProcess broker = new EmitterBrokerProcess(process, port, secret, directory);
		await().atMost(Duration.ofSeconds(30)).until(() -> {
			if (!process.isAlive()) {
				throw new IllegalStateException("Emitter broker exited: " + broker.log());
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return true;
			}
			catch (IOException ex) {
				return false;
			}
		});
		return broker;
	}

	private static String find(Pattern pattern, String output) {
		Matcher matcher = pattern.matcher(output);
		if (!matcher.find()) {
			throw new IllegalStateException("Unexpected output of 'emitter license new'");
		}
		return matcher.group(1);
	}

	int port() {
		return this.port;
	}

	String secret() {
		return this.secret;
	}

	String log() throws IOException {
		return Files.readString(this.directory.resolve("broker.log"));
	}

	@Override
	public void close() throws Exception {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

}
