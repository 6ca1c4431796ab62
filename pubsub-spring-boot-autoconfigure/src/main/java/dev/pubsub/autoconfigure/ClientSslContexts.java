package dev.pubsub.autoconfigure;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Resolves a client's {@code ssl.bundle} against Boot's {@link SslBundles} for the registrars: the
 * {@link SSLContext} the client's transport uses (reloaded with the bundle), and the checks that
 * the client's addresses actually use TLS, so that a bundle is never silently ignored.
 */
final class ClientSslContexts {

	private ClientSslContexts() {
	}

	/**
	 * Return the SSL context of the bundle a client names.
	 * @param prefix the client's property prefix, e.g. {@code pubsub.clients.feed.wsrpc.}
	 * @param ssl the client's TLS settings
	 * @param beanFactory the bean factory holding Boot's {@link SslBundles}
	 * @return the context, or {@code null} when the client names no bundle
	 * @throws PubSubSetupException when there are no SSL bundles or no bundle of that name
	 */
	static @Nullable SSLContext sslContext(String prefix, ClientSslProperties ssl, BeanFactory beanFactory) {
		String name = ssl.getBundle();
		if (!StringUtils.hasText(name)) {
			return null;
		}
		String property = prefix + "ssl.bundle";
		SslBundles bundles = beanFactory.getBeanProvider(SslBundles.class).getIfAvailable();
		if (bundles == null) {
			throw new PubSubSetupException(property + "=" + name + " names an SSL bundle, but there is no SslBundles"
					+ " bean (Spring Boot's SslAutoConfiguration is not active).",
					"Do not exclude org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration, or remove "
							+ property + ".");
		}
		SslBundle bundle;
		try {
			bundle = bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			PubSubSetupException failure = new PubSubSetupException(
					property + " names the SSL bundle '" + name + "', which is not configured (configured bundles: "
							+ names(bundles.getBundleNames()) + ").",
					"Define it under spring.ssl.bundle.pem." + name + ".* or spring.ssl.bundle.jks." + name
							+ ".*, or correct " + property + ".");
			failure.initCause(ex);
			throw failure;
		}
		BundleSslContext context = BundleSslContext.of(bundle);
		bundles.addBundleUpdateHandler(name, context::reload);
		return context;
	}

	/**
	 * Fail unless an address a client with a bundle connects to uses TLS.
	 * @param property the property holding the address
	 * @param address the address
	 * @param secureScheme the TLS scheme, {@code wss} or {@code https}
	 * @param bundleProperty the property naming the bundle
	 * @throws IllegalStateException when the address uses another scheme
	 */
	static void requireScheme(String property, URI address, String secureScheme, String bundleProperty) {
		String scheme = (address.getScheme() != null) ? address.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!secureScheme.equals(scheme)) {
			throw new IllegalStateException(bundleProperty + " is set, but " + property + " (" + address
					+ ") does not use " + secureScheme + ", so the bundle would not be used; use a " + secureScheme
					+ ":// address or remove " + bundleProperty);
		}
	}

	private static String names(Collection<String> names) {
		return names.isEmpty() ? "none" : String.join(", ", names);
	}

}
