package dev.pubsub.httppubsub;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.pubsub.core.PubSubProtocolException;

/**
 * The (un)subscriptions of one {@link WebsocketConnection}: the patterns it holds, the SUBSCRIBE and
 * UNSUBSCRIBE messages it sends (each authorized with the next subscriber URL, in send order under the
 * connection's send lock) and the broadcaster's confirmations, which must come in request order and
 * name the requested topic or glob.
 */
final class WebsocketSubscriptionRequests {

	private final WebsocketConnection connection;

	private final WebsocketHttpPubSubSettings settings;

	private final Deque<SubscriptionRequest> awaitingConfirmation = new ArrayDeque<>();

	/** Guarded by the connection's send lock. */
	private final Set<String> remotePatterns = new HashSet<>();

	WebsocketSubscriptionRequests(WebsocketConnection connection, WebsocketHttpPubSubSettings settings) {
		this.connection = connection;
		this.settings = settings;
	}

	/**
	 * Subscribe to or unsubscribe from a pattern unless the connection already holds it (or no longer does).
	 * @param pattern the listener pattern
	 * @param subscribe {@code true} to subscribe, {@code false} to unsubscribe
	 * @return completed when the broadcaster confirmed
	 */
	CompletableFuture<Void> change(String pattern, boolean subscribe) {
		boolean glob = HttpPubSubGlob.isGlob(pattern);
		byte[] value = WebsocketConnection.utf8(HttpPubSubGlob.value(pattern));
		String key = (glob ? "glob:" : "exact:") + HttpPubSubGlob.value(pattern);
		CompletableFuture<Void> future = new CompletableFuture<>();
		synchronized (this.connection.sendLock()) {
			if (subscribe ? !this.remotePatterns.add(key) : !this.remotePatterns.remove(key)) {
				return CompletableFuture.completedFuture(null);
			}
			String url = this.connection.urls().nextSubscriberUrl();
			int type = subscribe ? (glob ? WebsocketFrames.SUBSCRIBE_GLOB : WebsocketFrames.SUBSCRIBE_EXACT)
					: (glob ? WebsocketFrames.UNSUBSCRIBE_GLOB : WebsocketFrames.UNSUBSCRIBE_EXACT);
			String authorization = this.settings.toBroadcaster()
				.authorize(glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT,
						WebsocketConnection.NO_TRACING, HttpPubSubProtocol.signSubscribe(url, null, value));
			synchronized (this.awaitingConfirmation) {
				this.awaitingConfirmation.add(new SubscriptionRequest(type, glob, value, url, future));
			}
			this.connection.send(WebsocketFrames.encode(type, this.settings.minimalHeaders(),
					glob ? WebsocketFrames.SUBSCRIBE_GLOB_HEADERS : WebsocketFrames.SUBSCRIBE_EXACT_HEADERS,
					new byte[][] { WebsocketConnection.utf8(authorization), WebsocketConnection.NO_TRACING, value },
					new byte[0]));
		}
		return future;
	}

	/**
	 * Check a confirmation against the oldest request and complete it.
	 * @param frame a {@code CONFIRM_(UN)SUBSCRIBE_*} frame
	 * @throws PubSubProtocolException when it is not the confirmation of the next request
	 */
	void onConfirm(WebsocketFrame frame) {
		SubscriptionRequest request;
		synchronized (this.awaitingConfirmation) {
			request = this.awaitingConfirmation.poll();
		}
		if (request == null || request.type != frame.type()) {
			throw new PubSubProtocolException("Broadcaster confirmed a (un)subscription (type " + frame.type()
					+ ") that was not requested next");
		}
		byte[] value = frame.header(request.glob ? "x-glob" : "x-topic");
		if (!Arrays.equals(value, request.value)) {
			throw new PubSubProtocolException("Broadcaster confirmed a different topic or glob than requested");
		}
		this.connection.verify(frame,
				request.glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT,
				HttpPubSubProtocol.signSubscribe(request.url, null, request.value), "confirm (un)subscribe");
		request.future.complete(null);
	}

	/**
	 * Fail every request still waiting for its confirmation.
	 * @param cause why
	 */
	void fail(Throwable cause) {
		synchronized (this.awaitingConfirmation) {
			for (SubscriptionRequest request : this.awaitingConfirmation) {
				request.future.completeExceptionally(cause);
			}
			this.awaitingConfirmation.clear();
		}
	}

	private record SubscriptionRequest(int type, boolean glob, byte[] value, String url,
			CompletableFuture<Void> future) {
	}

}
