/**
 * Internal support shared by the embedded servers of this module; not part of the public test API.
 */
@NullMarked
package dev.pubsub.test.support;

import org.jspecify.annotations.NullMarked;
