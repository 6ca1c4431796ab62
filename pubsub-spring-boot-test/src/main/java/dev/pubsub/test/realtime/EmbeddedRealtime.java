package dev.pubsub.test.realtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pubsub.test.EmbeddedPubSub;

/**
 * Runs an {@link EmbeddedRealtimeGateway} for a test class, the way {@code @EmbeddedKafka} runs a broker.
 * <p>
 * In a plain JUnit Jupiter test the gateway starts before the class's tests and stops after them; declare a
 * parameter of type {@link EmbeddedRealtimeGateway} on a test method or constructor to get it. In a Spring
 * test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}) the gateway starts with the application context,
 * is a bean named {@value #BEAN_NAME}, and these properties are set before the context refreshes:
 * <pre>
 * pubsub.clients.&lt;client&gt;.type=realtime
 * pubsub.clients.&lt;client&gt;.realtime.url=ws://127.0.0.1:&lt;port&gt;
 * pubsub.clients.&lt;client&gt;.realtime.app-id=&lt;appId&gt;
 * pubsub.clients.&lt;client&gt;.realtime.access-token=&lt;token minted for subject and permissions&gt;
 * &lt;urlProperty&gt;=ws://127.0.0.1:&lt;port&gt;           (default pubsub.test.realtime.url)
 * pubsub.test.realtime.app-id=&lt;appId&gt;
 * pubsub.test.realtime.access-token=&lt;the same token&gt;
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedPubSub(EmbeddedRealtimeServerFactory.class)
public @interface EmbeddedRealtime {

	/** The bean name of the gateway in Spring tests. */
	String BEAN_NAME = "embeddedRealtimeGateway";

	/** The default name of the property that receives the gateway's URL. */
	String DEFAULT_URL_PROPERTY = "pubsub.test.realtime.url";

	/**
	 * The client ({@code pubsub.clients.<client>}) to point at the gateway; empty to set no client
	 * properties.
	 * @return the client name
	 */
	String client() default "realtime";

	/**
	 * The app id the gateway serves.
	 * @return the app id
	 */
	String appId() default EmbeddedRealtimeGateway.DEFAULT_APP_ID;

	/**
	 * The {@code sub} claim of the client's token.
	 * @return the subject
	 */
	String subject() default "test-client";

	/**
	 * The {@code permissions} claim of the client's token; by default it may publish and subscribe to every
	 * topic.
	 * @return the permissions
	 */
	String[] permissions() default { JwtTestTokens.WRITE_PREFIX + "*", JwtTestTokens.READ_PREFIX + "*" };

	/**
	 * The HS256 secret; empty for a random one.
	 * @return the secret
	 */
	String secret() default "";

	/**
	 * The port; {@code 0} picks a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * When the gateway acks publishes and sends.
	 * @return the ack mode
	 */
	AckMode ackMode() default AckMode.AFTER_DELIVERY;

	/**
	 * Whether the gateway sends presence events on {@code secure/inbound}.
	 * @return whether it does
	 */
	boolean presence() default true;

	/**
	 * The largest inbound frame, in {@link org.springframework.util.unit.DataSize} notation ({@code 16MB},
	 * {@code 64KB}).
	 * @return the limit
	 */
	String maxFrameSize() default "16MB";

	/**
	 * The property that receives the gateway's base URL.
	 * @return the property name
	 */
	String urlProperty() default DEFAULT_URL_PROPERTY;

}
