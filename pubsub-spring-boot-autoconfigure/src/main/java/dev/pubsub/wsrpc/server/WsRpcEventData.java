package dev.pubsub.wsrpc.server;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The data of one event as it fans out: the JSON tree, and its JSON text rendered once for all
 * subscribers.
 */
public final class WsRpcEventData {

	private final JsonNode node;

	private volatile @Nullable String json;

	/**
	 * Wrap event data.
	 * @param node the data
	 */
	public WsRpcEventData(JsonNode node) {
		this.node = node;
	}

	/**
	 * Return the data.
	 * @return the JSON tree
	 */
	public JsonNode node() {
		return this.node;
	}

	/**
	 * Return the data as compact JSON text, rendered on first use.
	 * @return the JSON text
	 */
	public String json() {
		String text = this.json;
		if (text == null) {
			text = this.node.toString();
			this.json = text;
		}
		return text;
	}

}
