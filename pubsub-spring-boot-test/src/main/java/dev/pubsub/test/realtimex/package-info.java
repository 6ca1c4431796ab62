/**
 * An embedded RealtimeX-compatible Socket.IO server for tests.
 */
@NullMarked
package dev.pubsub.test.realtimex;

import org.jspecify.annotations.NullMarked;
