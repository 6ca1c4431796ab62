package dev.pubsub.testsupport;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creates PKCS12 key stores holding a fresh self-signed certificate for {@code 127.0.0.1} with the JDK's
 * {@code keytool}, for tests that need a real TLS server.
 */
public final class SelfSignedKeyStores {

	/** The store and key password of the created stores. */
	public static final String PASSWORD = "changeit";

	private SelfSignedKeyStores() {
	}

	/**
	 * Create the key store file and load it.
	 * @param file where to write the PKCS12 store
	 * @param alias the alias of the key entry
	 * @param keyAlgorithm {@code keytool}'s {@code -keyalg} and any further key options (e.g. {@code RSA},
	 * {@code -keysize}, {@code 2048})
	 * @return the loaded store
	 * @throws Exception if {@code keytool} fails or the store cannot be loaded
	 */
	public static KeyStore create(Path file, String alias, String... keyAlgorithm) throws Exception {
		List<String> command = new ArrayList<>(List.of(
				Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", alias,
				"-keyalg"));
		command.addAll(List.of(keyAlgorithm));
		command.addAll(List.of("-validity", "2", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype",
				"PKCS12", "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
		Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(keytool.exitValue()).as(output).isZero();
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

}
