package dev.pubsub.wsrpc;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.core.PubSubProtocolException;

/**
 * Encodes and decodes the fastapi_websocket_rpc envelope. Responses always carry all three keys
 * ({@code result}, {@code result_type}, {@code call_id}): peers on pydantic v2 drop a response
 * without {@code result_type}.
 */
public final class WsRpcCodec {

	/** The {@code result_type} this implementation uses for an error result (an extension). */
	public static final String ERROR_RESULT_TYPE = "error";

	private final JsonMapper jsonMapper;

	/**
	 * Create a codec.
	 * @param jsonMapper the shared mapper
	 */
	public WsRpcCodec(JsonMapper jsonMapper) {
		this.jsonMapper = jsonMapper;
	}

	/**
	 * Return the mapper.
	 * @return the mapper
	 */
	public JsonMapper jsonMapper() {
		return this.jsonMapper;
	}

	/**
	 * Encode a request frame.
	 * @param method the method
	 * @param arguments the keyword arguments, converted with the mapper
	 * @param callId the call id
	 * @return the frame text
	 */
	public String request(String method, Map<String, ? extends @Nullable Object> arguments, String callId) {
		ObjectNode args = JsonNodeFactory.instance.objectNode();
		arguments.forEach((key, value) -> args.set(key, toNode(value)));
		ObjectNode request = JsonNodeFactory.instance.objectNode();
		request.put("method", method);
		request.set("arguments", args);
		request.put("call_id", callId);
		ObjectNode frame = JsonNodeFactory.instance.objectNode();
		frame.set("request", request);
		frame.putNull("response");
		return this.jsonMapper.writeValueAsString(frame);
	}

	/**
	 * Encode a request frame around arguments that are already JSON text.
	 * @param method the method (a plain identifier)
	 * @param argumentsJson the keyword arguments as a JSON object
	 * @param callId the call id (hex)
	 * @return the frame text
	 */
	public String rawRequest(String method, String argumentsJson, String callId) {
		return "{\"request\":{\"method\":\"" + method + "\",\"arguments\":" + argumentsJson + ",\"call_id\":\""
				+ callId + "\"},\"response\":null}";
	}

	/**
	 * Encode a response frame.
	 * @param result the result, converted with the mapper
	 * @param resultType the result type name
	 * @param callId the call id of the request, or {@code null}
	 * @return the frame text
	 */
	public String response(@Nullable Object result, String resultType, @Nullable String callId) {
		ObjectNode response = JsonNodeFactory.instance.objectNode();
		response.set("result", toNode(result));
		response.put("result_type", resultType);
		if (callId != null) {
			response.put("call_id", callId);
		}
		else {
			response.putNull("call_id");
		}
		ObjectNode frame = JsonNodeFactory.instance.objectNode();
		frame.putNull("request");
		frame.set("response", response);
		return this.jsonMapper.writeValueAsString(frame);
	}

	/**
	 * Convert a value to a JSON tree. {@code byte[]} must hold JSON text.
	 * @param value the value
	 * @return the tree
	 */
	public JsonNode toNode(@Nullable Object value) {
		if (value == null) {
			return JsonNodeFactory.instance.nullNode();
		}
		if (value instanceof JsonNode node) {
			return node;
		}
		if (value instanceof byte[] bytes) {
			try {
				return this.jsonMapper.readTree(bytes);
			}
			catch (JacksonException ex) {
				throw new PubSubProtocolException(
						"wsrpc data must be JSON; the byte[] payload is not JSON text: " + ex.getOriginalMessage());
			}
		}
		return this.jsonMapper.valueToTree(value);
	}

	/**
	 * Decode a frame.
	 * @param text the frame text
	 * @return the frame
	 * @throws PubSubProtocolException if the text is not JSON or not an envelope
	 */
	public WsRpcFrame decode(String text) {
		JsonNode root;
		try {
			root = this.jsonMapper.readTree(text);
		}
		catch (JacksonException ex) {
			throw new PubSubProtocolException("Frame is not JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw new PubSubProtocolException("Frame is not a JSON object");
		}
		JsonNode request = root.get("request");
		if (request != null && request.isObject()) {
			JsonNode method = request.get("method");
			if (method == null || !method.isString()) {
				throw new PubSubProtocolException("Request has no string 'method'");
			}
			JsonNode arguments = request.get("arguments");
			if (arguments == null || arguments.isNull()) {
				arguments = JsonNodeFactory.instance.objectNode();
			}
			if (!arguments.isObject()) {
				throw new PubSubProtocolException("Request 'arguments' of '" + method.asString()
						+ "' must be an object of keyword arguments");
			}
			return new WsRpcFrame.Request(method.asString(), arguments, text(request.get("call_id")));
		}
		JsonNode response = root.get("response");
		if (response != null && response.isObject()) {
			JsonNode result = response.get("result");
			return new WsRpcFrame.Response((result != null) ? result : JsonNodeFactory.instance.nullNode(),
					text(response.get("result_type")), text(response.get("call_id")));
		}
		throw new PubSubProtocolException("Frame has neither a 'request' nor a 'response' object");
	}

	private static @Nullable String text(@Nullable JsonNode node) {
		if (node == null || node.isNull()) {
			return null;
		}
		return node.isString() ? node.asString() : node.toString();
	}

}
