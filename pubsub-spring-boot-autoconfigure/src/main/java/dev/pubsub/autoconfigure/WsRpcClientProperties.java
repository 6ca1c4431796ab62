package dev.pubsub.autoconfigure;

/**
 * Settings of a fastapi_websocket_pubsub JSON-RPC client ({@code pubsub.clients.<name>.wsrpc.*}).
 */
public class WsRpcClientProperties {

}
