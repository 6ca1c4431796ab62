package dev.pubsub.test.httppubsub;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.test.EmbeddedPubSub;

/**
 * Runs an {@link EmbeddedHttpPubSubBroadcaster} for a test class, the way {@code @EmbeddedKafka} runs a broker.
 * <p>
 * In a plain JUnit Jupiter test the broadcaster starts before the class's tests and stops after them; declare a
 * parameter of type {@link EmbeddedHttpPubSubBroadcaster} on a test method or constructor to get it (its
 * {@link EmbeddedHttpPubSubBroadcaster#authSecrets() authSecrets()} hold the secrets). In a Spring test the
 * broadcaster starts with the application context, is a bean named {@value #BEAN_NAME}, and these properties are
 * set before the context refreshes:
 * <pre>
 * pubsub.clients.&lt;client&gt;.type=httppubsub
 * pubsub.clients.&lt;client&gt;.httppubsub.transport=http
 * pubsub.clients.&lt;client&gt;.httppubsub.broadcasters=http://127.0.0.1:&lt;port&gt;
 * pubsub.clients.&lt;client&gt;.httppubsub.to-broadcaster.type=&lt;auth&gt;
 * pubsub.clients.&lt;client&gt;.httppubsub.to-broadcaster.secret=&lt;secret&gt;      (token and hmac)
 * pubsub.clients.&lt;client&gt;.httppubsub.to-subscriber.type=&lt;auth&gt;
 * pubsub.clients.&lt;client&gt;.httppubsub.to-subscriber.secret=&lt;secret&gt;       (token and hmac)
 * pubsub.clients.&lt;client&gt;.httppubsub.callback-base-url=&lt;callbackBaseUrl&gt;  (when set)
 * &lt;urlProperty&gt;=http://127.0.0.1:&lt;port&gt;      (default pubsub.test.httppubsub.url)
 * pubsub.test.httppubsub.auth=&lt;auth&gt;
 * pubsub.test.httppubsub.to-broadcaster-secret=&lt;secret&gt;                      (token and hmac)
 * pubsub.test.httppubsub.to-subscriber-secret=&lt;secret&gt;                       (token and hmac)
 * </pre>
 * The broadcaster delivers messages by POSTing to the client's receive endpoint
 * ({@code <callback base>/pubsub/httppubsub/<client>/receive}), which the application serves: run the test with a
 * real web server ({@code @SpringBootTest(webEnvironment = RANDOM_PORT)} and {@code spring-boot-starter-webmvc}),
 * and the callback base defaults to {@code http://127.0.0.1:<local.server.port>}. The broadcaster also serves
 * {@code /v1/websocket}: set {@code pubsub.clients.<client>.httppubsub.transport=websocket} in the test's own
 * properties (they win) to use the websocket transport, which needs no web server.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedPubSub(EmbeddedHttpPubSubServerFactory.class)
public @interface EmbeddedHttpPubSub {

	/** The bean name of the broadcaster in Spring tests. */
	String BEAN_NAME = "embeddedHttpPubSubBroadcaster";

	/** The default name of the property that receives the broadcaster's URL. */
	String DEFAULT_URL_PROPERTY = "pubsub.test.httppubsub.url";

	/**
	 * The client ({@code pubsub.clients.<client>}) to point at the broadcaster; empty to set no client properties
	 * (only the {@code pubsub.test.httppubsub.*} ones).
	 * @return the client name
	 */
	String client() default "httppubsub";

	/**
	 * The authorization of both directions (client to broadcaster, broadcaster to client): {@code NONE},
	 * {@code TOKEN} (bearer token) or {@code HMAC} (HMAC-SHA512 with timestamp and replay protection).
	 * @return the mode
	 */
	HttpPubSubAuth.Mode auth() default HttpPubSubAuth.Mode.NONE;

	/**
	 * The token or HMAC secret (URL-safe base64 of 64 bytes) of requests to the broadcaster; empty for a random
	 * one. Ignored for {@code NONE}.
	 * @return the secret
	 */
	String toBroadcasterSecret() default "";

	/**
	 * The token or HMAC secret of the broadcaster's requests to the client; empty for a random one. Ignored for
	 * {@code NONE}.
	 * @return the secret
	 */
	String toSubscriberSecret() default "";

	/**
	 * The base URL at which the broadcaster reaches the application ({@code callback-base-url}); empty for the
	 * client's default, {@code http://127.0.0.1:<local.server.port>}.
	 * @return the callback base URL
	 */
	String callbackBaseUrl() default "";

	/**
	 * The port; {@code 0} picks a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * The property that receives the broadcaster's URL.
	 * @return the property name
	 */
	String urlProperty() default DEFAULT_URL_PROPERTY;

}
