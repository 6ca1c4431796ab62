/**
 * An embedded, protocol-faithful httppubsub broadcaster for tests and local runs, and the
 * {@link dev.pubsub.test.httppubsub.EmbeddedHttpPubSub @EmbeddedHttpPubSub} test annotation.
 */
@NullMarked
package dev.pubsub.test.httppubsub;

import org.jspecify.annotations.NullMarked;
