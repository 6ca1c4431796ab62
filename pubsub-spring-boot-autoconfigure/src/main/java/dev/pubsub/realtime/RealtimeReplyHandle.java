package dev.pubsub.realtime;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReplyHandle;
import dev.pubsub.core.ReplyOptions;

/**
 * Replies to one delivery the way the seed's {@code reply_fn} does: publishes
 * {@code {"data", "status", "id"}} with message type {@code response} to
 * {@code priv/<sender connection id>}, with a fresh frame id.
 */
final class RealtimeReplyHandle implements ReplyHandle {

	private final DefaultRealtimeClient client;

	private final String connectionId;

	private final String messageId;

	RealtimeReplyHandle(DefaultRealtimeClient client, String connectionId, String messageId) {
		this.client = client;
		this.connectionId = connectionId;
		this.messageId = messageId;
	}

	@Override
	public CompletableFuture<PublishReceipt> reply(Object data, ReplyOptions options) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("data", data);
		payload.put("status", options.status());
		payload.put("id", this.messageId);
		String topic = "priv/" + this.connectionId;
		try {
			RealtimePublication publication = this.client.publish(topic, payload, "response", options.compress(),
					null);
			return CompletableFuture.completedFuture(PublishReceipt.written(this.client.name(), topic,
					publication.id()));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

}
