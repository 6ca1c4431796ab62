package dev.pubsub.wsrpc;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;

import dev.pubsub.core.ConnectionEvent;
import dev.pubsub.core.ConnectionEventType;

/**
 * The {@link WsRpcPubSubClient#onConnect onConnect} and {@link WsRpcPubSubClient#onDisconnect
 * onDisconnect} callbacks of a client, run on its {@code CONNECTED} and {@code DISCONNECTED} events;
 * a failing callback is logged and does not stop the others.
 */
final class WsRpcConnectCallbacks {

	private final List<Consumer<WsRpcPubSubClient>> connectCallbacks = new CopyOnWriteArrayList<>();

	private final List<Consumer<WsRpcPubSubClient>> disconnectCallbacks = new CopyOnWriteArrayList<>();

	private final WsRpcPubSubClient client;

	private final Log logger;

	WsRpcConnectCallbacks(WsRpcPubSubClient client, Log logger) {
		this.client = client;
		this.logger = logger;
	}

	void onConnect(Consumer<WsRpcPubSubClient> callback) {
		this.connectCallbacks.add(callback);
	}

	void onDisconnect(Consumer<WsRpcPubSubClient> callback) {
		this.disconnectCallbacks.add(callback);
	}

	/**
	 * Run the callbacks an event calls for (a connection listener).
	 * @param event the connection event
	 */
	void onEvent(ConnectionEvent event) {
		if (event.type() == ConnectionEventType.CONNECTED) {
			run(this.connectCallbacks);
		}
		else if (event.type() == ConnectionEventType.DISCONNECTED) {
			run(this.disconnectCallbacks);
		}
	}

	private void run(List<Consumer<WsRpcPubSubClient>> callbacks) {
		for (Consumer<WsRpcPubSubClient> callback : callbacks) {
			try {
				callback.accept(this.client);
			}
			catch (RuntimeException ex) {
				this.logger.warn("Connection callback of client '" + this.client.name() + "' failed", ex);
			}
		}
	}

}
