/**
 * httppubsub part of the sample: notify over HTTP and receive through this application's own
 * receive endpoint.
 */
package dev.pubsub.sample.httppubsub;
