package dev.pubsub.httppubsub;

import org.jspecify.annotations.Nullable;

/**
 * Supplies the credentials of httppubsub clients from somewhere other than properties (a vault, a
 * rotated file). Declare one as a bean; it wins over the properties for every client it answers.
 */
@FunctionalInterface
public interface HttpPubSubCredentialsProvider {

	/**
	 * Return the credentials of a client.
	 * @param clientName the client name
	 * @return the credentials, or {@code null} to use the client's properties
	 */
	@Nullable HttpPubSubCredentials credentials(String clientName);

}
