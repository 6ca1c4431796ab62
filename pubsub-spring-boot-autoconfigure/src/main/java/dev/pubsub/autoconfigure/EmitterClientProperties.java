package dev.pubsub.autoconfigure;

/**
 * Settings of a Emitter (MQTT) client ({@code pubsub.clients.<name>.emitter.*}).
 */
public class EmitterClientProperties {

}
