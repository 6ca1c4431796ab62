package dev.pubsub.wsrpc;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.WebSocketProtocol;
import dev.pubsub.core.support.WebSocketSendLimits;
import dev.pubsub.core.support.WebSocketSessionHolder;

/**
 * The wsrpc protocol on one {@link WebSocketSessionHolder} (which joins message parts up to the max
 * text message size, skipping and reporting larger ones, and serializes sends): one connection of
 * {@link DefaultWsRpcPubSubClient} and its RPC channel, the keep-alive {@code _ping_}, and its loss
 * reported once.
 */
final class WsRpcConnection implements WebSocketProtocol {

	private final WsRpcChannel channel;

	private final WsRpcChannel.ErrorListener errors;

	private final Events events;

	private final WebSocketSessionHolder holder;

	private final CompletableFuture<Void> upgraded = new CompletableFuture<>();

	private volatile boolean ready;

	private volatile boolean closedByUs;

	/**
	 * Create a connection (not yet open).
	 * @param codec the frame codec
	 * @param notify answers the server's {@code notify} calls
	 * @param scheduler runs call timeouts and the keep-alive
	 * @param callbackExecutor runs the dependent stages of call results
	 * @param maxTextMessageSize the largest inbound text message in UTF-8 bytes
	 * @param sendLimits the send bounds
	 * @param errors told about bad frames and failed requests
	 * @param events told about the loss of the connection
	 */
	WsRpcConnection(WsRpcCodec codec, WsRpcMethod notify, ScheduledExecutorService scheduler, Executor callbackExecutor,
			long maxTextMessageSize, WebSocketSendLimits sendLimits, WsRpcChannel.ErrorListener errors, Events events) {
		this.errors = errors;
		this.events = events;
		this.holder = new WebSocketSessionHolder(new WebSocketSessionHolder.Settings(
				"wsrpc client '" + events.clientName() + "'", maxTextMessageSize,
				DefaultWsRpcPubSubClient.READ_BUFFER_SIZE, sendLimits), scheduler, events::isInboundPaused, this);
		this.channel = new WsRpcChannel(codec, this.holder::sendText,
				(method) -> "notify".equals(method) ? notify : null, scheduler, callbackExecutor, errors);
	}

	/**
	 * Start the upgrade.
	 * @param client the WebSocket client
	 * @param headers the upgrade headers
	 * @param uri the server URL
	 * @param timeout the connect timeout (the upgrade only)
	 * @return completed once the upgrade completed
	 */
	CompletableFuture<Void> open(WebSocketClient client, WebSocketHttpHeaders headers, URI uri, Duration timeout) {
		return this.holder.open(client, headers, uri, this.upgraded, timeout,
				() -> new PubSubTimeoutException("Connecting to " + uri.getScheme() + "://" + uri.getAuthority()
						+ uri.getPath(), timeout),
				(ex) -> ex);
	}

	WsRpcChannel channel() {
		return this.channel;
	}

	boolean isReady() {
		return this.ready;
	}

	void markReady() {
		this.ready = true;
	}

	boolean isOpen() {
		return this.holder.isOpen();
	}

	@Override
	public void opened() {
		this.upgraded.complete(null);
	}

	@Override
	public void onText(String text) {
		this.channel.handleText(text);
	}

	@Override
	public void onOversized(long size, long limit) {
		this.errors.malformedFrame(new PubSubProtocolException("Text message of " + size
				+ " bytes exceeds max-text-message-size of " + limit + " bytes and was discarded"));
	}

	@Override
	public void onClosed(CloseStatus status) {
		lost(new PubSubConnectionLostException("Connection of client '" + this.events.clientName() + "' closed (code "
				+ status.getCode() + ((status.getReason() != null && !status.getReason().isEmpty())
						? ", " + LogSanitizer.sanitize(status.getReason()) : "")
				+ ")"));
	}

	/**
	 * Start the keep-alive: a {@code _ping_} every interval; one not answered within the timeout
	 * drops the connection, unless back-pressure left its answer unread.
	 * @param interval the interval, zero for none
	 * @param timeout the answer timeout
	 */
	void startKeepAlive(Duration interval, Duration timeout) {
		this.holder.startHeartbeat(interval, () -> this.channel.call("_ping_", Map.of(), timeout)
			.whenComplete((pong, ex) -> {
				// an answer that waits behind the frames back-pressure left unread is not a hung server
				if (ex != null && Failures.unwrap(ex) instanceof PubSubTimeoutException
						&& !this.events.isInboundPaused()) {
					lost(new PubSubConnectionLostException(
							"Keep-alive _ping_ not answered within " + timeout.toMillis() + " ms"));
				}
			}));
	}

	void lost(PubSubConnectionLostException cause) {
		this.channel.close(cause);
		if (this.closedByUs) {
			return;
		}
		this.closedByUs = true;
		this.events.lost(this, cause);
		this.holder.close(CloseStatus.SESSION_NOT_RELIABLE);
	}

	void close(CloseStatus status) {
		this.closedByUs = true;
		this.channel.close(new PubSubConnectionLostException(
				"Client '" + this.events.clientName() + "' closed the connection"));
		this.holder.close(status);
	}

	/**
	 * What a connection tells its client.
	 */
	interface Events {

		/**
		 * Return the client name, for messages.
		 * @return the name
		 */
		String clientName();

		/**
		 * Whether back-pressure paused reading, so a late keep-alive answer is not a hung server.
		 * @return {@code true} while paused
		 */
		boolean isInboundPaused();

		/**
		 * The connection was lost (not closed by the client); called once.
		 * @param connection the connection
		 * @param cause why
		 */
		void lost(WsRpcConnection connection, PubSubConnectionLostException cause);

	}

}
