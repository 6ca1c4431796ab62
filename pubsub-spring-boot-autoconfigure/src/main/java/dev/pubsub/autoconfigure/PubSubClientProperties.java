package dev.pubsub.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.support.AbstractPubSubClient;

/**
 * One named client.
 */
public class PubSubClientProperties {

	/**
	 * Provider type: realtime, realtimex, httppubsub, wsrpc or emitter.
	 */
	private @Nullable PubSubClientType type;

	/**
	 * Whether the client connects when the application context starts.
	 */
	private boolean autoConnect = true;

	/**
	 * Whether this client's listener deliveries and publishes are observed with Micrometer;
	 * overrides pubsub.observation.enabled for this client when set.
	 */
	private @Nullable Boolean observationEnabled;

	/**
	 * Default timeout for acks, replies, RPC results and other request/response waits.
	 */
	private Duration requestTimeout = Duration.ofSeconds(5);

	/**
	 * Timeout of one connection attempt (handshake included).
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Most threads that complete this client's futures (publish acks, replies, RPC results) at once;
	 * more completions wait in order. They are virtual threads when spring.threads.virtual.enabled is
	 * true on Java 21 or later, like the rest of the client's own threads.
	 */
	private int callbackThreads = AbstractPubSubClient.DEFAULT_CALLBACK_THREADS;

	/**
	 * Reconnect behaviour after an unexpected drop.
	 */
	private final PubSubReconnectProperties reconnect = new PubSubReconnectProperties();

	/**
	 * Bounds of the client's inbound buffering.
	 */
	private final PubSubInboundProperties inbound = new PubSubInboundProperties();

	/**
	 * Send bounds of the client's WebSocket (realtime, realtimex, wsrpc, httppubsub websocket).
	 */
	private final PubSubWebSocketProperties websocket = new PubSubWebSocketProperties();

	/**
	 * Realtime Pub/Sub settings (type: realtime).
	 */
	private final RealtimeClientProperties realtime = new RealtimeClientProperties();

	/**
	 * RealtimeX settings (type: realtimex).
	 */
	private final RealtimeXClientProperties realtimex = new RealtimeXClientProperties();

	/**
	 * httppubsub settings (type: httppubsub).
	 */
	private final HttpPubSubClientProperties httppubsub = new HttpPubSubClientProperties();

	/**
	 * fastapi_websocket_pubsub settings (type: wsrpc).
	 */
	private final WsRpcClientProperties wsrpc = new WsRpcClientProperties();

	/**
	 * Emitter settings (type: emitter).
	 */
	private final EmitterClientProperties emitter = new EmitterClientProperties();

	public @Nullable PubSubClientType getType() {
		return this.type;
	}

	public void setType(@Nullable PubSubClientType type) {
		this.type = type;
	}

	public boolean isAutoConnect() {
		return this.autoConnect;
	}

	public void setAutoConnect(boolean autoConnect) {
		this.autoConnect = autoConnect;
	}

	public @Nullable Boolean getObservationEnabled() {
		return this.observationEnabled;
	}

	public void setObservationEnabled(@Nullable Boolean observationEnabled) {
		this.observationEnabled = observationEnabled;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public int getCallbackThreads() {
		return this.callbackThreads;
	}

	public void setCallbackThreads(int callbackThreads) {
		this.callbackThreads = callbackThreads;
	}

	public PubSubReconnectProperties getReconnect() {
		return this.reconnect;
	}

	public PubSubWebSocketProperties getWebsocket() {
		return this.websocket;
	}

	public PubSubInboundProperties getInbound() {
		return this.inbound;
	}

	public RealtimeClientProperties getRealtime() {
		return this.realtime;
	}

	public RealtimeXClientProperties getRealtimex() {
		return this.realtimex;
	}

	public HttpPubSubClientProperties getHttppubsub() {
		return this.httppubsub;
	}

	public WsRpcClientProperties getWsrpc() {
		return this.wsrpc;
	}

	public EmitterClientProperties getEmitter() {
		return this.emitter;
	}

}
