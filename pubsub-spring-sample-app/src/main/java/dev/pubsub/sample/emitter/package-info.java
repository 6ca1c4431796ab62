/**
 * Emitter in the sample application: a temperature listener and publisher, by default against an
 * embedded Emitter-compatible broker.
 */
@NullMarked
package dev.pubsub.sample.emitter;

import org.jspecify.annotations.NullMarked;
