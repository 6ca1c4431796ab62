package dev.pubsub.autoconfigure;

/**
 * Settings of a httppubsub client ({@code pubsub.clients.<name>.httppubsub.*}).
 */
public class HttpPubSubClientProperties {

}
