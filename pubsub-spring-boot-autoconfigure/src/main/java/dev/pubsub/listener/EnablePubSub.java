package dev.pubsub.listener;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Enables detection of {@link PubSubListener} methods. Spring Boot's auto-configuration applies
 * it; declare it yourself only without auto-configuration.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(PubSubBootstrapConfiguration.class)
public @interface EnablePubSub {

}
