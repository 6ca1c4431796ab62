/**
 * Ahead-of-time (AOT) support for {@code @PubSubListener}: reflection and binding hints for
 * listener methods and their payload and return types.
 */
@NullMarked
package dev.pubsub.listener.aot;

import org.jspecify.annotations.NullMarked;
