/**
 * An embedded, protocol-faithful httppubsub broadcaster for tests and local runs.
 */
@NullMarked
package dev.pubsub.test.httppubsub;

import org.jspecify.annotations.NullMarked;
