package dev.pubsub.wsrpc;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.support.PendingRequests;

/**
 * One side of the symmetric fastapi_websocket_rpc channel over one WebSocket: it answers the
 * peer's calls with the registered {@link WsRpcMethod}s (plus the built-ins {@code _ping_} and
 * {@code _get_channel_id_}) and matches the peer's responses to our pending calls.
 * <p>
 * Incoming frames are handled without blocking the reader: methods return futures, and
 * responses complete pending calls whose dependent stages run on the callback executor, never on
 * the I/O thread. So a call made while the peer calls us back cannot deadlock (unlike
 * fastapi_websocket_rpc#58).
 */
public final class WsRpcChannel {

	private static final Log logger = LogFactory.getLog(WsRpcChannel.class);

	private final String id = newId();

	private final WsRpcCodec codec;

	private final Sender sender;

	private final Function<String, @Nullable WsRpcMethod> methods;

	private final PendingRequests<String, WsRpcFrame.Response> pending;

	private final Executor callbackExecutor;

	private final ErrorListener errorListener;

	private volatile boolean closed;

	/**
	 * Create a channel.
	 * @param codec the frame codec
	 * @param sender writes frames to the socket
	 * @param methods looks up the methods this side exposes by name
	 * @param scheduler runs call timeouts
	 * @param callbackExecutor runs the dependent stages of call results
	 * @param errorListener told about malformed frames and failed requests
	 */
	public WsRpcChannel(WsRpcCodec codec, Sender sender, Function<String, @Nullable WsRpcMethod> methods,
			ScheduledExecutorService scheduler, Executor callbackExecutor, ErrorListener errorListener) {
		this.codec = codec;
		this.sender = sender;
		this.methods = methods;
		this.pending = new PendingRequests<>(scheduler, "wsrpc call");
		this.callbackExecutor = callbackExecutor;
		this.errorListener = errorListener;
	}

	/**
	 * Return a new id in the format the Python peers use ({@code uuid4().hex}).
	 * @return 32 lowercase hex digits
	 */
	public static String newId() {
		return UUID.randomUUID().toString().replace("-", "");
	}

	/**
	 * Return this side's channel id (answered to {@code _get_channel_id_}).
	 * @return the id
	 */
	public String id() {
		return this.id;
	}

	/**
	 * Return the number of calls waiting for a response.
	 * @return the count
	 */
	public int pendingCalls() {
		return this.pending.size();
	}

	/**
	 * Call a method on the peer.
	 * @param method the method
	 * @param arguments the keyword arguments
	 * @param timeout how long to wait for the response
	 * @return the result; fails with {@code PubSubTimeoutException},
	 * {@code PubSubConnectionLostException} or, for an error result, {@code PubSubException}
	 */
	public CompletableFuture<JsonNode> call(String method, Map<String, ? extends @Nullable Object> arguments,
			Duration timeout) {
		String callId = newId();
		return send(method, callId, this.codec.request(method, arguments, callId), timeout);
	}

	/**
	 * Call a method whose keyword arguments are already JSON text (the endpoint's fan-out path).
	 * @param method the method (a plain identifier)
	 * @param argumentsJson the keyword arguments as a JSON object
	 * @param timeout how long to wait for the response
	 * @return the result, as for {@link #call(String, Map, Duration)}
	 */
	public CompletableFuture<JsonNode> callRaw(String method, String argumentsJson, Duration timeout) {
		String callId = newId();
		return send(method, callId, this.codec.rawRequest(method, argumentsJson, callId), timeout);
	}

	/**
	 * Send a request without waiting for its response (the peer still answers; the answer is
	 * ignored).
	 * @param method the method (a plain identifier)
	 * @param argumentsJson the keyword arguments as a JSON object
	 */
	public void notifyRaw(String method, String argumentsJson) {
		if (this.closed) {
			return;
		}
		try {
			this.sender.send(this.codec.rawRequest(method, argumentsJson, newId()));
		}
		catch (IOException | RuntimeException ex) {
			logger.debug("Could not send '" + method + "' on channel " + this.id + ": " + ex);
		}
	}

	private CompletableFuture<JsonNode> send(String method, String callId, String frame, Duration timeout) {
		if (this.closed) {
			return CompletableFuture.failedFuture(new PubSubConnectionLostException("wsrpc channel is closed"));
		}
		CompletableFuture<WsRpcFrame.Response> response = this.pending.register(callId, timeout);
		try {
			this.sender.send(frame);
		}
		catch (IOException | RuntimeException ex) {
			this.pending.fail(callId, new PubSubConnectionLostException("Failed to send '" + method + "': " + ex, ex));
		}
		return response.thenApplyAsync((result) -> {
			if (WsRpcCodec.ERROR_RESULT_TYPE.equals(result.resultType())) {
				throw new PubSubException("Peer failed '" + method + "': " + result.result().asString());
			}
			return result.result();
		}, this.callbackExecutor);
	}

	/**
	 * Handle one text frame read from the socket.
	 * @param text the frame
	 */
	public void handleText(String text) {
		WsRpcFrame frame;
		try {
			frame = this.codec.decode(text);
		}
		catch (PubSubProtocolException ex) {
			this.errorListener.malformedFrame(ex);
			return;
		}
		if (frame instanceof WsRpcFrame.Response response) {
			if (response.callId() == null || !this.pending.complete(response.callId(), response)) {
				this.errorListener.unmatchedResponse(response);
			}
		}
		else if (frame instanceof WsRpcFrame.Request request) {
			handleRequest(request);
		}
	}

	private void handleRequest(WsRpcFrame.Request request) {
		CompletableFuture<WsRpcResult> result;
		switch (request.method()) {
			case "_ping_" -> result = CompletableFuture.completedFuture(WsRpcResult.str("pong"));
			case "_get_channel_id_" -> result = CompletableFuture.completedFuture(WsRpcResult.str(this.id));
			default -> {
				WsRpcMethod method = this.methods.apply(request.method());
				if (method == null) {
					PubSubProtocolException error = new PubSubProtocolException(
							"Unknown method '" + request.method() + "'");
					this.errorListener.failedRequest(request, error);
					result = CompletableFuture.failedFuture(error);
				}
				else {
					try {
						result = method.invoke(this, request.arguments());
					}
					catch (RuntimeException ex) {
						this.errorListener.failedRequest(request, ex);
						result = CompletableFuture.failedFuture(ex);
					}
				}
			}
		}
		result.whenComplete((value, ex) -> respond(request, value, ex));
	}

	private void respond(WsRpcFrame.Request request, @Nullable WsRpcResult value, @Nullable Throwable ex) {
		if (this.closed) {
			return;
		}
		String frame;
		if (ex != null) {
			Throwable cause = (ex instanceof java.util.concurrent.CompletionException && ex.getCause() != null)
					? ex.getCause() : ex;
			frame = this.codec.response(String.valueOf(cause.getMessage()), WsRpcCodec.ERROR_RESULT_TYPE,
					request.callId());
		}
		else {
			WsRpcResult result = (value != null) ? value : WsRpcResult.NONE;
			frame = this.codec.response(result.value(), result.type(), request.callId());
		}
		try {
			this.sender.send(frame);
		}
		catch (IOException | RuntimeException sendFailure) {
			logger.debug("Could not answer '" + dev.pubsub.core.support.LogSanitizer.sanitize(request.method())
					+ "' on channel " + this.id + ": " + sendFailure);
		}
	}

	/**
	 * Close the channel: pending calls fail with the cause.
	 * @param cause why the channel closed
	 */
	public void close(Throwable cause) {
		this.closed = true;
		this.pending.failAll(() -> (cause instanceof PubSubException pse) ? pse
				: new PubSubConnectionLostException("wsrpc channel closed: " + cause.getMessage(), cause));
	}

	/**
	 * Whether {@link #close(Throwable)} was called.
	 * @return {@code true} once closed
	 */
	public boolean isClosed() {
		return this.closed;
	}

	/**
	 * Writes one text frame to the socket. Must be safe to call from several threads.
	 */
	@FunctionalInterface
	public interface Sender {

		/**
		 * Send a frame.
		 * @param text the frame
		 * @throws IOException if the socket refuses it
		 */
		void send(String text) throws IOException;

	}

	/**
	 * Told about frames the channel could not use. Must not block.
	 */
	public interface ErrorListener {

		/**
		 * A frame was not JSON or not an envelope; it was skipped.
		 * @param error what was wrong
		 */
		void malformedFrame(PubSubProtocolException error);

		/**
		 * A request named an unknown method or had bad arguments; an error result was sent back.
		 * @param request the request
		 * @param error what was wrong
		 */
		void failedRequest(WsRpcFrame.Request request, Throwable error);

		/**
		 * A response matched no pending call (it timed out, or was never made).
		 * @param response the response
		 */
		default void unmatchedResponse(WsRpcFrame.Response response) {
		}

	}

}
