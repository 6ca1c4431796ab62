package dev.pubsub.httppubsub;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.scheduling.concurrent.ConcurrentTaskScheduler;
import org.springframework.web.socket.client.WebSocketClient;

import dev.pubsub.core.ConnectionState;
import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;
import dev.pubsub.core.SubscribeOptions;
import dev.pubsub.core.support.AbstractWebSocketPubSubClient;
import dev.pubsub.core.support.LogSanitizer;

/**
 * A httppubsub client over the broadcaster's websocket ({@code GET /v1/websocket}) instead of
 * HTTP callbacks: no receive endpoint is needed, subscriptions live as long as the connection and
 * are sent again after every reconnect (kept, reference-counted and confirmed by the shared
 * {@link dev.pubsub.core.support.RemoteSubscriptionRegistry}, see
 * {@link WebsocketRemoteSubscriptions}). Messages arrive over the socket in acknowledged parts;
 * notifications larger than the part size go out in acknowledged parts too. Compression (zstd) is
 * never negotiated. Patterns follow {@link HttpPubSubGlob}.
 */
public class WebsocketHttpPubSubClient extends AbstractWebSocketPubSubClient {

	private final WebsocketHttpPubSubSettings settings;

	private final WebSocketClient webSocketClient;

	private final HttpPubSubClientSupport support;

	private final ExecutorService notifier;

	private final AtomicInteger nextBroadcaster = new AtomicInteger();

	private final WebsocketRemoteSubscriptions remoteSubscriptions;

	private volatile @Nullable WebsocketConnection current;

	/**
	 * Create a client.
	 * @param name the client name
	 * @param jsonMapper the shared mapper
	 * @param reconnectPolicy the reconnect policy
	 * @param requestTimeout the timeout of the handshake and of subscription confirmations
	 * @param settings the websocket settings
	 * @param webSocketClient the websocket client
	 */
	public WebsocketHttpPubSubClient(String name, JsonMapper jsonMapper, ReconnectPolicy reconnectPolicy,
			Duration requestTimeout, WebsocketHttpPubSubSettings settings, WebSocketClient webSocketClient) {
		super(name, jsonMapper, reconnectPolicy, requestTimeout);
		this.settings = settings;
		this.webSocketClient = webSocketClient;
		this.support = new HttpPubSubClientSupport(name, jsonMapper, this.logger,
				this::publishApplicationEvent);
		this.notifier = serialExecutor("notify");
		this.remoteSubscriptions = new WebsocketRemoteSubscriptions(new ConcurrentTaskScheduler(scheduler()),
				reconnectPolicy, requestTimeout);
	}

	@Override
	public String type() {
		return "httppubsub";
	}

	// ---- lifecycle ----------------------------------------------------------------------------------

	@Override
	protected CompletableFuture<Void> doConnect() {
		List<URI> broadcasters = this.settings.broadcasters();
		URI uri = WebsocketHttpPubSubSettings
			.websocketUrl(broadcasters.get(Math.floorMod(this.nextBroadcaster.get(), broadcasters.size())));
		WebsocketConnection connection = new WebsocketConnection(name(), this.settings, scheduler(),
				webSocketSendLimits(), this::isInboundPaused, new Callbacks());
		this.current = connection;
		return connection.open(this.webSocketClient, uri, defaultTimeout())
			.thenCompose((ok) -> this.remoteSubscriptions.attach(connection,
					(what, cause) -> broken(connection, what, cause)))
			.whenComplete((ok, ex) -> {
				if (ex != null) {
					this.nextBroadcaster.incrementAndGet();
					if (connection == this.current) {
						this.remoteSubscriptions.detach();
					}
					connection.close();
				}
			});
	}

	@Override
	protected void doDisconnect() {
		WebsocketConnection connection = this.current;
		this.current = null;
		this.remoteSubscriptions.detach();
		if (connection != null) {
			connection.close();
		}
	}

	@Override
	public void destroy() {
		super.destroy();
		this.notifier.shutdownNow();
	}

	@Override
	protected boolean isPermanentFailure(Throwable cause) {
		return false;
	}

	@Override
	protected Map<String, Object> connectionDetails() {
		return Map.of("broadcasters", this.settings.broadcasters().toString(), "transport", "websocket");
	}

	// ---- subscriptions --------------------------------------------------------------------------------

	@Override
	public void validatePattern(String pattern) {
		this.support.validatePattern(pattern);
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return this.support.compilePattern(pattern);
	}

	@Override
	protected void onSubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.add(pattern);
	}

	@Override
	protected void onUnsubscribe(String pattern, SubscribeOptions options) {
		this.remoteSubscriptions.remove(pattern);
	}

	/** A subscription change on a connected socket was not confirmed: the connection is broken. */
	private void broken(WebsocketConnection connection, String what, Throwable cause) {
		if (connection == this.current) {
			this.logger.warn("Client '" + name() + "' could not " + LogSanitizer.sanitize(what) + ": " + cause);
			connection.fail(cause);
		}
	}

	private @Nullable WebsocketConnection configuredConnection() {
		WebsocketConnection connection = this.current;
		return (connection != null && connection.isConfigured()) ? connection : null;
	}

	// ---- notify -----------------------------------------------------------------------------------------

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return observePublish(topic, () -> doPublish(topic, payload, options));
	}

	private CompletableFuture<PublishReceipt> doPublish(String topic, Object payload, PublishOptions options) {
		byte[] data = this.support.encode(payload);
		Duration timeout = (options.timeout() != null) ? options.timeout() : this.settings.notifyTimeout();
		return send(topic.getBytes(StandardCharsets.UTF_8), () -> new ByteArrayInputStream(data), data.length,
				HttpPubSubProtocol.sha512(data), timeout)
			.thenApply((notified) -> new PublishReceipt(name(), topic, null, true, notified, Instant.now()));
	}

	/**
	 * Notify subscribers of a topic.
	 * @param topic the topic (UTF-8)
	 * @param data the message
	 * @return a future completed with the number of subscribers reached
	 */
	public CompletableFuture<Long> notify(String topic, byte[] data) {
		return send(topic.getBytes(StandardCharsets.UTF_8), () -> new ByteArrayInputStream(data), data.length,
				HttpPubSubProtocol.sha512(data), this.settings.notifyTimeout());
	}

	/**
	 * Notify subscribers, converting the payload to JSON unless it is {@code byte[]} or a
	 * {@link String} (sent as UTF-8).
	 * @param topic the topic
	 * @param payload the payload
	 * @return a future completed with the number of subscribers reached
	 */
	public CompletableFuture<Long> notify(String topic, Object payload) {
		return notify(topic, this.support.encode(payload));
	}

	/**
	 * Notify subscribers with the content of a file, hashed once and then sent in parts without
	 * reading it into memory.
	 * @param topic the topic bytes
	 * @param file the file
	 * @return a future completed with the number of subscribers reached
	 */
	public CompletableFuture<Long> notify(byte[] topic, Path file) {
		try {
			long length = Files.size(file);
			return send(topic, () -> Files.newInputStream(file), length, HttpPubSubClientSupport.sha512(file),
					this.settings.notifyTimeout());
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(new UncheckedIOException("Cannot read " + file, ex));
		}
	}

	private CompletableFuture<Long> send(byte[] topic, StreamOpener data, long length, byte[] sha512,
			Duration timeout) {
		if (topic.length > HttpPubSubProtocol.MAX_TOPIC_LENGTH) {
			return CompletableFuture
				.failedFuture(new PubSubMessageTooLargeException(topic.length, HttpPubSubProtocol.MAX_TOPIC_LENGTH));
		}
		CompletableFuture<Long> result = new CompletableFuture<>();
		// read on the calling thread: the propagation fields of the observed publish running here
		byte[] tracing = this.support.publishTracing();
		try {
			this.notifier.execute(() -> {
				try {
					WebsocketConnection connection = configuredConnection();
					if (connection == null || state() != ConnectionState.CONNECTED) {
						throw new PubSubNotConnectedException("httppubsub client '" + name() + "' is not connected");
					}
					long notified;
					try (InputStream in = data.open()) {
						notified = connection.notify(topic, in, length, sha512, tracing, timeout);
					}
					metrics().messagePublished();
					result.complete(notified);
				}
				catch (IOException ex) {
					result.completeExceptionally(new UncheckedIOException(ex));
				}
				catch (RuntimeException ex) {
					result.completeExceptionally(ex);
				}
			});
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(new PubSubNotConnectedException("httppubsub client '" + name() + "' is closed"));
		}
		return result;
	}

	// ---- missed notices ---------------------------------------------------------------------------

	/**
	 * Add a listener for missed-message notices.
	 * @param listener the listener
	 */
	public void addMissedListener(HttpPubSubMissedListener listener) {
		this.support.addMissedListener(listener);
	}

	/**
	 * Remove a missed-message listener.
	 * @param listener the listener
	 */
	public void removeMissedListener(HttpPubSubMissedListener listener) {
		this.support.removeMissedListener(listener);
	}

	@FunctionalInterface
	private interface StreamOpener {

		InputStream open() throws IOException;

	}

	private final class Callbacks implements WebsocketConnection.Callbacks {

		@Override
		public boolean deliver(byte[] topicBytes, byte[] identifier, byte[] data, byte[] sha512, byte[] tracing) {
			String topic = HttpPubSubClientSupport.decodeTopic(topicBytes);
			boolean matched = subscriptions().stream().anyMatch((s) -> s.matches(topic));
			if (!matched) {
				return false;
			}
			dispatch(WebsocketHttpPubSubClient.this.support.message(topic, identifier, data, sha512, tracing));
			return true;
		}

		@Override
		public void dropped(PubSubMessageTooLargeException cause) {
			reportError(cause);
		}

		@Override
		public void missed(byte[] topic) {
			WebsocketHttpPubSubClient.this.support.missed(WebsocketHttpPubSubClient.this, topic, callbackExecutor());
		}

		@Override
		public void closed(WebsocketConnection connection, Throwable cause) {
			if (cause instanceof PubSubProtocolException) {
				// the protocol cannot skip a message it cannot decode, or one over the frame limit: the
				// connection closes, and the message counts as malformed
				metrics().malformedFrame();
			}
			if (connection == WebsocketHttpPubSubClient.this.current) {
				WebsocketHttpPubSubClient.this.remoteSubscriptions.detach();
				connectionLost(cause);
			}
		}

	}

}
