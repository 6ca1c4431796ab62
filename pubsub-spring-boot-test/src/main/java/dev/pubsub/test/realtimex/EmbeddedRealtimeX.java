package dev.pubsub.test.realtimex;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pubsub.test.EmbeddedPubSub;

/**
 * Runs an {@link EmbeddedRealtimeXServer} for a test class, the way {@code @EmbeddedKafka} runs a broker.
 * <p>
 * In a plain JUnit Jupiter test the server starts before the class's tests and stops after them; declare a
 * parameter of type {@link EmbeddedRealtimeXServer} on a test method or constructor to get it. In a Spring test
 * the server starts with the application context, is a bean named {@value #BEAN_NAME}, and these properties are
 * set before the context refreshes:
 * <pre>
 * pubsub.clients.&lt;client&gt;.type=realtimex
 * pubsub.clients.&lt;client&gt;.realtimex.ws-host=127.0.0.1
 * pubsub.clients.&lt;client&gt;.realtimex.ws-port=&lt;port&gt;
 * pubsub.clients.&lt;client&gt;.realtimex.encrypted=false
 * pubsub.clients.&lt;client&gt;.realtimex.path=/socket.io/
 * pubsub.clients.&lt;client&gt;.realtimex.api-key=&lt;apiKey&gt;
 * pubsub.clients.&lt;client&gt;.realtimex.app-key=&lt;appKey&gt;              (signLocally)
 * pubsub.clients.&lt;client&gt;.realtimex.app-secret=&lt;appSecret&gt;        (signLocally)
 * pubsub.clients.&lt;client&gt;.realtimex.presence-user-id=&lt;presenceUserId&gt;  (signLocally, when set)
 * &lt;urlProperty&gt;=ws://127.0.0.1:&lt;port&gt;/socket.io/      (default pubsub.test.realtimex.url)
 * pubsub.test.realtimex.host=127.0.0.1
 * pubsub.test.realtimex.port=&lt;port&gt;
 * pubsub.test.realtimex.api-key=&lt;apiKey&gt;
 * pubsub.test.realtimex.app-key=&lt;appKey&gt;
 * pubsub.test.realtimex.app-secret=&lt;appSecret&gt;
 * </pre>
 * With {@link #signLocally()} the client signs its private and presence subscriptions itself, as a trusted
 * service holding the secret does. Without it, point the client at your channel-auth endpoint and let that
 * endpoint sign with the server's credentials, e.g.
 * {@code pubsub.channel-auth.app-secret=${pubsub.test.realtimex.app-secret}} in the test's properties.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedPubSub(EmbeddedRealtimeXServerFactory.class)
public @interface EmbeddedRealtimeX {

	/** The bean name of the server in Spring tests. */
	String BEAN_NAME = "embeddedRealtimeXServer";

	/** The default name of the property that receives the server's URL. */
	String DEFAULT_URL_PROPERTY = "pubsub.test.realtimex.url";

	/**
	 * The client ({@code pubsub.clients.<client>}) to point at the server; empty to set no client properties (only
	 * the {@code pubsub.test.realtimex.*} ones).
	 * @return the client name
	 */
	String client() default "realtimex";

	/**
	 * The api key clients must send; a connect with another one is refused.
	 * @return the api key
	 */
	String apiKey() default "test-api-key";

	/**
	 * The application key that private and presence signatures are checked with.
	 * @return the application key
	 */
	String appKey() default "test-app-key";

	/**
	 * The application secret that private and presence signatures are checked with; empty for a random one.
	 * @return the application secret
	 */
	String appSecret() default "";

	/**
	 * Whether the client signs private and presence subscriptions itself with {@link #appKey()} and
	 * {@link #appSecret()} ({@code realtimex.app-key}, {@code realtimex.app-secret}); {@code false} leaves the
	 * client's authorization to the application's configuration.
	 * @return whether the client signs locally
	 */
	boolean signLocally() default true;

	/**
	 * The user id the client joins presence channels as, when it signs locally; empty to leave
	 * {@code realtimex.presence-user-id} unset.
	 * @return the presence user id
	 */
	String presenceUserId() default "test-client";

	/**
	 * The port; {@code 0} picks a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * The property that receives the server's URL ({@code ws://127.0.0.1:<port>/socket.io/}).
	 * @return the property name
	 */
	String urlProperty() default DEFAULT_URL_PROPERTY;

}
