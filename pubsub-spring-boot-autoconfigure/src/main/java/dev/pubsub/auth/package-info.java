/**
 * Channel authorisation for Pusher-style private and presence channels (RealtimeX): the HMAC
 * signer, the {@link dev.pubsub.auth.ChannelAuthorizer} SPI that decides who may join which
 * channel, and the Spring MVC endpoint browsers and SDKs call for a signature.
 */
@NullMarked
package dev.pubsub.auth;

import org.jspecify.annotations.NullMarked;
