package dev.pubsub.httppubsub;

import java.security.GeneralSecurityException;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * The SSL context of an {@link java.net.http.HttpClient} that only ever talks plain {@code http}: the JDK
 * client needs one at construction and otherwise builds the JVM's default, which loads and parses the
 * whole {@code cacerts} trust store. This one has no key material and no trust anchors (the JSSE then
 * rejects every certificate), so a TLS handshake through it fails instead of trusting anything.
 */
final class PlainHttpSslContext {

	private PlainHttpSslContext() {
	}

	/**
	 * Return the shared context, built on first use.
	 * @return the context
	 */
	static SSLContext get() {
		return Holder.CONTEXT;
	}

	private static final class Holder {

		static final SSLContext CONTEXT = create();

		private static SSLContext create() {
			try {
				SSLContext context = SSLContext.getInstance("TLS");
				context.init(new KeyManager[0], new TrustManager[0], null);
				return context;
			}
			catch (GeneralSecurityException ex) {
				throw new IllegalStateException("No TLS implementation in this JVM", ex);
			}
		}

	}

}
