/**
 * Test support for applications that use the pub/sub starter: the {@link dev.pubsub.test.EmbeddedPubSubServer}
 * contract of embedded, protocol-faithful servers, the {@link dev.pubsub.test.EmbeddedPubSub} meta-annotation,
 * the JUnit Jupiter {@link dev.pubsub.test.EmbeddedPubSubExtension}, and the Spring TestContext customizer that
 * points {@code pubsub.clients.<name>.*} at the embedded servers.
 */
@NullMarked
package dev.pubsub.test;

import org.jspecify.annotations.NullMarked;
