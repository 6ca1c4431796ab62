package dev.pubsub.test.emitter;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.pubsub.test.EmbeddedPubSub;

/**
 * Runs an {@link EmbeddedEmitterBroker} for a test class, the way {@code @EmbeddedKafka} runs a broker, with a
 * channel key for {@link #channel()}.
 * <p>
 * In a plain JUnit Jupiter test the broker starts before the class's tests and stops after them; declare a
 * parameter of type {@link EmbeddedEmitterBroker} on a test method or constructor to get it (set {@link #key()}
 * to know the key, or create one with {@link EmbeddedEmitterBroker#createKey(String, String)}). In a Spring test
 * ({@code @SpringBootTest}, {@code @SpringJUnitConfig}) the broker starts with the application context, is a bean
 * named {@value #BEAN_NAME}, and these properties are set before the context refreshes:
 * <pre>
 * pubsub.clients.&lt;client&gt;.type=emitter
 * pubsub.clients.&lt;client&gt;.emitter.host=127.0.0.1
 * pubsub.clients.&lt;client&gt;.emitter.port=&lt;port&gt;
 * pubsub.clients.&lt;client&gt;.emitter.tls=false
 * pubsub.clients.&lt;client&gt;.emitter.channel-keys[&lt;prefix of channel&gt;]=&lt;key&gt;
 * pubsub.clients.&lt;client&gt;.emitter.username=&lt;username&gt;        (when set)
 * &lt;urlProperty&gt;=tcp://127.0.0.1:&lt;port&gt;                        (default pubsub.test.emitter.url)
 * pubsub.test.emitter.host=127.0.0.1
 * pubsub.test.emitter.port=&lt;port&gt;
 * pubsub.test.emitter.key=&lt;the channel key&gt;
 * pubsub.test.emitter.secret-key=&lt;the broker's secret key, which may only generate channel keys&gt;
 * </pre>
 * The prefix is the channel up to its first wildcard ({@code sensors/#/} gives {@code sensors}); the default
 * channel {@code #/} gives the prefix {@code /}, which covers every channel.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@EmbeddedPubSub(EmbeddedEmitterServerFactory.class)
public @interface EmbeddedEmitter {

	/** The bean name of the broker in Spring tests. */
	String BEAN_NAME = "embeddedEmitterBroker";

	/** The default name of the property that receives the broker's URL. */
	String DEFAULT_URL_PROPERTY = "pubsub.test.emitter.url";

	/**
	 * The client ({@code pubsub.clients.<client>}) to point at the broker; empty to set no client properties
	 * (only the {@code pubsub.test.emitter.*} ones).
	 * @return the client name
	 */
	String client() default "emitter";

	/**
	 * The channel the key covers: {@code a/b/} for exactly that channel, {@code a/#/} for it and below,
	 * {@code #/} for every channel.
	 * @return the channel
	 */
	String channel() default "#/";

	/**
	 * The key's permission letters: {@code r} read, {@code w} write, {@code s} store, {@code l} load,
	 * {@code p} presence, {@code e} extend.
	 * @return the permissions
	 */
	String permissions() default "rwslp";

	/**
	 * The channel key (letters, digits, {@code -} and {@code _}); empty for one derived from the broker's random
	 * secret key, so different brokers get different keys.
	 * @return the key
	 */
	String key() default "";

	/**
	 * The username the client sends on CONNECT (its presence name); empty to leave
	 * {@code pubsub.clients.<client>.emitter.username} unset.
	 * @return the username
	 */
	String username() default "";

	/**
	 * The port; {@code 0} picks a free one.
	 * @return the port
	 */
	int port() default 0;

	/**
	 * The property that receives the broker's URL ({@code tcp://127.0.0.1:<port>}).
	 * @return the property name
	 */
	String urlProperty() default DEFAULT_URL_PROPERTY;

}
