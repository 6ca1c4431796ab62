/**
 * httppubsub (lonelypsp wire protocol) over HTTP webhooks: a subscriber whose Spring MVC endpoint
 * receives notifications from a broadcaster, a notifier, exact and glob subscriptions, and the
 * none/token/HMAC authorization of both directions.
 */
@NullMarked
package dev.pubsub.httppubsub;

import org.jspecify.annotations.NullMarked;
