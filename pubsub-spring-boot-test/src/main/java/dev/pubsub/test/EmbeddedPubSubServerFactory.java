package dev.pubsub.test;

import java.lang.annotation.Annotation;
import java.util.Map;

/**
 * Creates the embedded server a provider annotation declares, and says which properties connect the
 * application's clients to it. Named in {@link EmbeddedPubSub#value()}; implementations need a public
 * no-argument constructor and should be stateless.
 *
 * @param <A> the provider annotation
 * @param <S> the server type
 */
public interface EmbeddedPubSubServerFactory<A extends Annotation, S extends EmbeddedPubSubServer> {

	/**
	 * Create the server described by {@code annotation}, not yet started.
	 * @param annotation the provider annotation found on the test class
	 * @return a new server
	 */
	S createServer(A annotation);

	/**
	 * The properties that point clients at the started server, e.g.
	 * {@code pubsub.clients.<name>.type} and the provider's URL and credentials, plus any property the
	 * annotation names for the server's URL. Spring tests get them before the context refreshes.
	 * @param annotation the provider annotation
	 * @param server the started server
	 * @return the properties
	 */
	Map<String, Object> properties(A annotation, S server);

	/**
	 * The name under which Spring tests register the started server as a singleton bean.
	 * @param annotation the provider annotation
	 * @return the bean name
	 */
	String beanName(A annotation);

}
