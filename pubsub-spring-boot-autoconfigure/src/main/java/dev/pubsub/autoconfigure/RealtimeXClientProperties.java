package dev.pubsub.autoconfigure;

/**
 * Settings of a RealtimeX (Socket.IO) client ({@code pubsub.clients.<name>.realtimex.*}).
 */
public class RealtimeXClientProperties {

}
