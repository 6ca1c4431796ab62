package dev.pubsub.httppubsub;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.pubsub.core.PubSubProtocolException;

/**
 * One decoded broadcaster-to-subscriber websocket message (see {@link WebsocketFrames}).
 *
 * @param type the message type
 * @param headers the headers by lower-case name
 * @param payload the body
 */
public record WebsocketFrame(int type, Map<String, byte[]> headers, byte[] payload) {

	/**
	 * Return a required header.
	 * @param name the header name
	 * @return the value
	 * @throws PubSubProtocolException if the header is missing
	 */
	public byte[] header(String name) {
		byte[] value = this.headers.get(name);
		if (value == null) {
			throw new PubSubProtocolException("Broadcaster message type " + this.type + " lacks header " + name);
		}
		return value;
	}

	/**
	 * Return a required unsigned integer header.
	 * @param name the header name
	 * @param maxBytes the largest allowed encoding
	 * @return the value
	 */
	public long unsigned(String name, int maxBytes) {
		header(name);
		return WebsocketFrames.unsigned(this.headers, name, maxBytes);
	}

	/**
	 * Return the authorization header as text (empty when none was sent).
	 * @return the authorization
	 */
	public String authorization() {
		return new String(header("authorization"), StandardCharsets.UTF_8);
	}

	/**
	 * Return the tracing header.
	 * @return the tracing bytes
	 */
	public byte[] tracing() {
		return header("x-tracing");
	}

}
