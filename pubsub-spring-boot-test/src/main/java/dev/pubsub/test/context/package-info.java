/**
 * Spring TestContext integration: a {@link org.springframework.test.context.ContextCustomizerFactory} that starts
 * the embedded servers declared with {@link dev.pubsub.test.EmbeddedPubSub}-annotated provider annotations and
 * points {@code pubsub.clients.<name>.*} at them before the application context refreshes.
 */
@NullMarked
package dev.pubsub.test.context;

import org.jspecify.annotations.NullMarked;
