package dev.pubsub.realtime;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PubSubProtocolException;

/**
 * A reply to a published or sent message: the {@code {data, status, id}} payload a responder
 * published to {@code priv/<connectionId>}.
 *
 * @param data the reply data
 * @param status the status, {@code ok} by default
 * @param id the id of the message replied to
 * @param jsonMapper the mapper for {@link #dataAs(Class)}
 */
public record RealtimeReply(JsonNode data, String status, String id, JsonMapper jsonMapper) {

	/**
	 * Convert the data.
	 * @param <T> the type
	 * @param type the type
	 * @return the converted data
	 */
	public <T> T dataAs(Class<T> type) {
		try {
			return this.jsonMapper.treeToValue(this.data, type);
		}
		catch (JacksonException ex) {
			throw new PubSubProtocolException("Reply " + this.id + " cannot be converted to " + type.getName(), ex);
		}
	}

	@Override
	public String toString() {
		return "RealtimeReply[id=" + this.id + ", status=" + this.status + "]";
	}

}
