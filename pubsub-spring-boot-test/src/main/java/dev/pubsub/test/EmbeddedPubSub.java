package dev.pubsub.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Meta-annotation that turns a provider's test annotation into an embedded-server declaration, the way
 * spring-kafka-test's {@code @EmbeddedKafka} declares a broker. A provider annotation such as
 * {@link dev.pubsub.test.realtime.EmbeddedRealtime @EmbeddedRealtime} is annotated with
 * {@code @EmbeddedPubSub(SomeServerFactory.class)}; putting that provider annotation on a test class then
 * <ul>
 * <li>in a plain JUnit Jupiter test: starts the server before the class's tests, keeps it in the extension
 * store, injects it into test constructors and methods that declare a parameter of its type, and stops it
 * after the class's tests ({@link EmbeddedPubSubExtension});</li>
 * <li>in a Spring TestContext test ({@code @SpringBootTest}, {@code @SpringJUnitConfig}, ...): starts the server
 * while the application context is prepared, registers it as a bean, sets the provider's
 * {@code pubsub.clients.<name>.*} properties before refresh, and stops it when the context closes
 * ({@link dev.pubsub.test.context.EmbeddedPubSubContextCustomizerFactory}).</li>
 * </ul>
 * The module's provider annotations are {@link dev.pubsub.test.realtime.EmbeddedRealtime @EmbeddedRealtime},
 * {@link dev.pubsub.test.wsrpc.EmbeddedWsRpc @EmbeddedWsRpc}, {@link dev.pubsub.test.emitter.EmbeddedEmitter
 * @EmbeddedEmitter}, {@link dev.pubsub.test.httppubsub.EmbeddedHttpPubSub @EmbeddedHttpPubSub} and
 * {@link dev.pubsub.test.realtimex.EmbeddedRealtimeX @EmbeddedRealtimeX}. Several may sit on one class (directly
 * or through a composed annotation of your own that carries them); each declares its own server.
 * <p>
 * To support a new provider: implement {@link EmbeddedPubSubServer} and an {@link EmbeddedPubSubServerFactory}
 * with a public no-argument constructor, and write a provider annotation meta-annotated with
 * {@code @EmbeddedPubSub(YourFactory.class)}.
 */
@Target(ElementType.ANNOTATION_TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(EmbeddedPubSubExtension.class)
public @interface EmbeddedPubSub {

	/**
	 * The factory that creates the server the provider annotation describes and the properties that point
	 * clients at it.
	 * @return the factory class
	 */
	Class<? extends EmbeddedPubSubServerFactory<?, ?>> value();

}
