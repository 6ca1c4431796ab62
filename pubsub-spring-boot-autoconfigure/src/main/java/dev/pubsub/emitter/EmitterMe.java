package dev.pubsub.emitter;

import java.util.Map;

/**
 * What the broker knows about this connection.
 *
 * @param id the connection id (it changes on every reconnect; presence events carry it)
 * @param links the links of this connection, by name
 */
public record EmitterMe(String id, Map<String, String> links) {

	public EmitterMe {
		links = Map.copyOf(links);
	}

}
