package dev.pubsub.sample.wsrpc;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.listener.PubSubListener;

/**
 * Listens on the hosted endpoint's own events ({@code wsrpcServer}) and on the {@code feed}
 * client, which is connected to that endpoint like any Python {@code PubSubClient} would be.
 */
@ConditionalOnBooleanProperty("pubsub.wsrpc.server.enabled")
@Component
public class WsRpcSampleListeners {

	private static final Log logger = LogFactory.getLog(WsRpcSampleListeners.class);

	private static final int KEPT = 50;

	private final Deque<String> received = new ConcurrentLinkedDeque<>();

	@PubSubListener(value = "sample.**", client = "wsrpcServer")
	void onServerEvent(String data, @Header(PubSubHeaders.TOPIC) String topic) {
		remember("server", topic, data);
	}

	@PubSubListener(value = "sample.**", client = "${sample.wsrpc.client:feed}")
	void onClientEvent(String data, @Header(PubSubHeaders.TOPIC) String topic) {
		remember("client", topic, data);
	}

	private void remember(String where, String topic, String data) {
		String line = where + " " + topic + " " + data;
		logger.info("wsrpc " + line);
		this.received.addFirst(line);
		while (this.received.size() > KEPT) {
			this.received.pollLast();
		}
	}

	/**
	 * Return the latest events, newest first.
	 * @return the events
	 */
	public List<String> received() {
		return new ArrayList<>(this.received);
	}

}
