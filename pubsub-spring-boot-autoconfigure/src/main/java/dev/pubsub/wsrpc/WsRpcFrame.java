package dev.pubsub.wsrpc;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One decoded frame of the RPC envelope {@code {"request": R|null, "response": S|null}}.
 */
public sealed interface WsRpcFrame {

	/**
	 * A call from the peer: {@code {"method", "arguments", "call_id"}}.
	 *
	 * @param method the method name
	 * @param arguments the keyword arguments (an object node, possibly empty)
	 * @param callId the call id to echo, {@code null} when the peer sent none
	 */
	record Request(String method, JsonNode arguments, @Nullable String callId) implements WsRpcFrame {
	}

	/**
	 * The answer to one of our calls: {@code {"result", "result_type", "call_id"}}.
	 *
	 * @param result the result
	 * @param resultType the Python type name of the result ({@code "bool"}, {@code "str"}, ...)
	 * @param callId the call id of the request
	 */
	record Response(JsonNode result, @Nullable String resultType, @Nullable String callId) implements WsRpcFrame {
	}

}
