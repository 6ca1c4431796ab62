package dev.pubsub.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method as the target of pub/sub messages whose routing key matches one of the patterns.
 * <p>
 * Parameters are resolved by Spring Messaging: a single unannotated or {@code @Payload} parameter
 * receives the converted payload (records, POJOs, {@code JsonNode}, {@code String}, {@code byte[]}),
 * {@code @Header}/{@code @Headers} receive headers (see {@link dev.pubsub.core.PubSubHeaders}), and
 * parameters of type {@link dev.pubsub.core.PubSubMessage} or {@link dev.pubsub.core.ReplyHandle}
 * receive the message itself or its reply handle. A non-void return value (or the value of a
 * returned {@code CompletableFuture}) is sent back as the reply where the protocol has replies.
 * <p>
 * String attributes accept property placeholders ({@code ${...}}) and SpEL ({@code #{...}}). The
 * annotation is repeatable and can be used as a meta-annotation.
 */
@Target({ ElementType.METHOD, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(PubSubListeners.class)
public @interface PubSubListener {

	/**
	 * Alias for {@link #patterns()}.
	 * @return the patterns
	 */
	@AliasFor("patterns")
	String[] value() default {};

	/**
	 * Routing-key patterns, in the client provider's pattern syntax (Realtime: {@code topic.messageType}
	 * with {@code *} and {@code **}). A pattern that names a concrete topic also makes the client
	 * subscribe to it remotely. All patterns of one annotation share one client subscription (one
	 * container, one matcher over all of them): a message that matches several patterns is delivered
	 * once, and the listener's threads do not multiply with its patterns. Repeating the annotation
	 * creates separate listeners.
	 * @return the patterns
	 */
	@AliasFor("value")
	String[] patterns() default {};

	/**
	 * The name of the client (its {@code pubsub.clients.<name>} key and bean name). May be omitted
	 * when exactly one client exists.
	 * @return the client name
	 */
	String client() default "";

	/**
	 * A unique id for the listener container; defaults to {@code beanName.methodName}.
	 * @return the id
	 */
	String id() default "";

	/**
	 * The number of threads invoking this listener, however many patterns it has; messages of one
	 * topic are always handled in order by one thread. Defaults to {@code pubsub.listener.concurrency}.
	 * @return the concurrency
	 */
	String concurrency() default "";

	/**
	 * Whether the listener starts with the application context; {@code "false"} to start it later
	 * through the {@link PubSubListenerEndpointRegistry}. Defaults to
	 * {@code pubsub.listener.auto-startup}.
	 * @return the auto-startup flag
	 */
	String autoStartup() default "";

	/**
	 * The bean name of the {@link PubSubListenerContainerFactory} that creates this listener's
	 * container (its concurrency, queue capacity, overflow policy, shutdown timeout, auto-startup and
	 * error handler); defaults to the {@value PubSubListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}
	 * bean, the one Spring Boot configures from {@code pubsub.listener.*}.
	 * @return the container factory bean name
	 */
	String containerFactory() default "";

	/**
	 * The bean name of a {@link PubSubListenerErrorHandler} for this listener; defaults to the
	 * container factory's handler.
	 * @return the error handler bean name
	 */
	String errorHandler() default "";

	/**
	 * Whether the listener's patterns cause remote subscribes; {@code "false"} when the topic is
	 * subscribed elsewhere or arrives without one.
	 * @return the remote-subscribe flag
	 */
	String subscribe() default "";

}
