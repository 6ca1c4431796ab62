/**
 * Building blocks for provider clients: ordered bounded dispatch, pending-request tracking,
 * and the common client lifecycle with reconnect.
 */
@NullMarked
package dev.pubsub.core.support;

import org.jspecify.annotations.NullMarked;
