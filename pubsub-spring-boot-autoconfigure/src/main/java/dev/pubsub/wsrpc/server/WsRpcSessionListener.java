package dev.pubsub.wsrpc.server;

/**
 * Told when sessions connect to or leave an endpoint (the Python endpoint's
 * {@code on_connect}/{@code on_disconnect}). Called on the session's I/O thread: do not block.
 */
public interface WsRpcSessionListener {

	/**
	 * A session connected.
	 * @param session the session
	 */
	default void onConnect(WsRpcSessionInfo session) {
	}

	/**
	 * A session left; its subscriptions are already removed.
	 * @param session the session
	 */
	default void onDisconnect(WsRpcSessionInfo session) {
	}

}
