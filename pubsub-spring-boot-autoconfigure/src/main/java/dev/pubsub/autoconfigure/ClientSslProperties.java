package dev.pubsub.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * TLS settings of one client ({@code pubsub.clients.<name>.<type>.ssl.*}).
 */
public class ClientSslProperties {

	/**
	 * Name of the SSL bundle (spring.ssl.bundle.pem.<bundle> or spring.ssl.bundle.jks.<bundle>)
	 * that secures the connection: its trust store decides which server certificates are trusted
	 * (instead of the JVM's default trust store), its key store, when set, is the client
	 * certificate, its options the protocols and cipher suites. Setting it requires TLS (wss or
	 * https URLs) and, for Emitter, turns TLS on.
	 */
	private @Nullable String bundle;

	public @Nullable String getBundle() {
		return this.bundle;
	}

	public void setBundle(@Nullable String bundle) {
		this.bundle = bundle;
	}

}
