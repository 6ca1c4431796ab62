/**
 * The RealtimeX part of the sample: an embedded RealtimeX server, a cookie-based (sessionless) channel
 * authorizer and the page at {@code /realtimex/index.html}.
 */
@NullMarked
package dev.pubsub.sample.realtimex;

import org.jspecify.annotations.NullMarked;
