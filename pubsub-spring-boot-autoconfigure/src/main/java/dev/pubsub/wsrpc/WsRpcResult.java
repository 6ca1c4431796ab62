package dev.pubsub.wsrpc;

import org.jspecify.annotations.Nullable;

/**
 * The result of an RPC method: a value and the Python type name sent as {@code result_type}.
 *
 * @param value the value
 * @param type the type name
 */
public record WsRpcResult(@Nullable Object value, String type) {

	/** The result of a method without a return annotation in Python ({@code notify}). */
	public static final WsRpcResult NONE = new WsRpcResult("None", "str");

	/**
	 * A boolean result.
	 * @param value the value
	 * @return the result
	 */
	public static WsRpcResult bool(boolean value) {
		return new WsRpcResult(value, "bool");
	}

	/**
	 * A string result.
	 * @param value the value
	 * @return the result
	 */
	public static WsRpcResult str(String value) {
		return new WsRpcResult(value, "str");
	}

}
