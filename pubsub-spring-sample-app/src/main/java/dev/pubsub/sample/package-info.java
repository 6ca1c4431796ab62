/**
 * Sample service for the pub/sub starter.
 */
package dev.pubsub.sample;
