package dev.pubsub.test.wsrpc;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pubsub.test.EmbeddedPubSub;

/**
 * Runs an {@link EmbeddedWsRpcServer} (the starter's fastapi_websocket_pubsub endpoint) for a test
 * class, the way {@code @EmbeddedKafka} runs a broker.
 * <p>
 * In a plain JUnit Jupiter test the server starts before the class's tests and stops after them;
 * declare a parameter of type {@link EmbeddedWsRpcServer} on a test method or constructor to get it.
 * In a Spring test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}) the server starts with the
 * application context, is a bean named {@value #BEAN_NAME}, and these properties are set before the
 * context refreshes:
 * <pre>
 * pubsub.clients.&lt;client&gt;.type=wsrpc
 * pubsub.clients.&lt;client&gt;.wsrpc.url=ws://127.0.0.1:&lt;port&gt;/pubsub
 * &lt;urlProperty&gt;=ws://127.0.0.1:&lt;port&gt;/pubsub     (default pubsub.test.wsrpc.url)
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedPubSub(EmbeddedWsRpcServerFactory.class)
public @interface EmbeddedWsRpc {

	/** The bean name of the server in Spring tests. */
	String BEAN_NAME = "embeddedWsRpcServer";

	/** The default name of the property that receives the endpoint's URL. */
	String DEFAULT_URL_PROPERTY = "pubsub.test.wsrpc.url";

	/**
	 * The client ({@code pubsub.clients.<client>}) to point at the endpoint; empty to set no client
	 * properties.
	 * @return the client name
	 */
	String client() default "wsrpc";

	/**
	 * The port; {@code 0} picks a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * How many topics one session may hold; a {@code subscribe} beyond it answers {@code false}.
	 * @return the limit
	 */
	int maxSubscriptionsPerSession() default 1000;

	/**
	 * The property that receives the endpoint's URL (with the {@code /pubsub} path).
	 * @return the property name
	 */
	String urlProperty() default DEFAULT_URL_PROPERTY;

}
