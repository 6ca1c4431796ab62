package dev.pubsub.wsrpc;

import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * A method one side of a {@link WsRpcChannel} exposes to the other. Implementations must not block:
 * they run on the connection's I/O thread and return a future for results that take time.
 */
@FunctionalInterface
public interface WsRpcMethod {

	/**
	 * Invoke the method.
	 * @param channel the channel the call arrived on
	 * @param arguments the keyword arguments (an object node)
	 * @return the result
	 * @throws IllegalArgumentException if the arguments are missing or of the wrong type
	 */
	CompletableFuture<WsRpcResult> invoke(WsRpcChannel channel, JsonNode arguments);

}
