package dev.pubsub.wsrpc.broadcast;

import org.jspecify.annotations.Nullable;

/**
 * What a {@link WsRpcBroadcaster} reports about its backend, for health: whether the backend
 * answers, whether the broadcaster listens on its channel, and why not.
 *
 * @param backend the backend's name ({@code redis})
 * @param channel the channel the broadcaster publishes and listens on
 * @param reachable whether the backend answered a check within its time limit
 * @param listening whether the broadcaster is subscribed to the channel
 * @param dropped messages not published or not handed on because the broadcaster's bounded
 * queues were full
 * @param error why the backend is unreachable or the broadcaster not listening, or {@code null}
 */
public record WsRpcBroadcasterStatus(String backend, String channel, boolean reachable, boolean listening,
		long dropped, @Nullable String error) {

	/**
	 * Whether events are shared with other instances right now.
	 * @return {@code true} when the backend is reachable and the broadcaster listens
	 */
	public boolean isUp() {
		return this.reachable && this.listening;
	}

}
