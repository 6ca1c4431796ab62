package dev.pubsub.realtimex;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.pubsub.auth.ChannelNames;
import dev.pubsub.core.PubSubNotConnectedException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RemoteSubscriber;
import dev.pubsub.core.support.SubscribeOutcome;

/**
 * Subscribes RealtimeX channels on one {@link EngineIoSession}, for the client's
 * {@link dev.pubsub.core.support.RemoteSubscriptionRegistry}: each private or presence channel is
 * authorised for the session's socket id (on the auth executor, within the request timeout), then
 * {@code realtimex:subscribe} is sent and the answer awaited. A channel is held once the server sent
 * {@code realtimex_internal:subscription_succeeded} for it; {@code subscription_error} or a failed
 * authorisation refuses it (nothing is sent for a failed authorisation); no answer within the request
 * timeout fails it with a {@link PubSubTimeoutException}.
 * <p>
 * The registry subscribes all wanted channels of a new connection in one call; RealtimeX answers per
 * channel, so such a call is answered {@linkplain SubscribeOutcome#ofEach per channel}: the registry
 * holds exactly the confirmed channels and retries only the refused, failed or unanswered ones.
 */
final class RealtimeXChannelSubscriber implements RemoteSubscriber {

	static final String SUCCEEDED = "realtimex_internal:subscription_succeeded";

	static final String ERROR = "realtimex_internal:subscription_error";

	private static final String SUBSCRIBE = "realtimex:subscribe";

	private static final String UNSUBSCRIBE = "realtimex:unsubscribe";

	private final EngineIoSession session;

	private final RealtimeXSubscriptions subscriptions;

	private final ExecutorService authExecutor;

	private final ScheduledExecutorService scheduler;

	private final Duration timeout;

	/** Channels whose subscribe is under way on this session, by name. */
	private final Map<String, Pending> pending = new ConcurrentHashMap<>();

	private volatile boolean closed;

	RealtimeXChannelSubscriber(EngineIoSession session, RealtimeXSubscriptions subscriptions,
			ExecutorService authExecutor, ScheduledExecutorService scheduler, Duration timeout) {
		this.session = session;
		this.subscriptions = subscriptions;
		this.authExecutor = authExecutor;
		this.scheduler = scheduler;
		this.timeout = timeout;
	}

	EngineIoSession session() {
		return this.session;
	}

	@Override
	public CompletableFuture<SubscribeOutcome> subscribe(List<String> channels) {
		if (channels.size() == 1) {
			return subscribeOne(channels.get(0));
		}
		Map<String, CompletableFuture<SubscribeOutcome>> answers = new LinkedHashMap<>();
		for (String channel : channels) {
			answers.put(channel, subscribeOne(channel));
		}
		return SubscribeOutcome.ofEach(answers);
	}

	private CompletableFuture<SubscribeOutcome> subscribeOne(String channelName) {
		if (this.closed || !this.session.isUp()) {
			return CompletableFuture.failedFuture(new PubSubNotConnectedException("session closed"));
		}
		DefaultRealtimeXChannel channel = this.subscriptions.get(channelName);
		if (channel == null) {
			// no longer wanted: the registry unsubscribes it once this answer is in
			return CompletableFuture.completedFuture(SubscribeOutcome.held());
		}
		Pending attempt = new Pending();
		this.pending.put(channelName, attempt);
		channel.beginAttempt();
		if (!ChannelNames.requiresAuth(channelName)) {
			send(channelName, attempt, null);
			return attempt.result;
		}
		RealtimeXAuthorizer authorizer = this.subscriptions.authorizer();
		String socketId = this.session.socketId();
		if (authorizer == null || socketId == null) {
			this.pending.remove(channelName, attempt);
			return CompletableFuture.failedFuture(new IllegalStateException("no authorizer or socket id"));
		}
		// the answer is handled on the auth executor, never inline here (the registry's lock is held)
		CompletableFuture.supplyAsync(() -> authorizer.authorize(channelName, socketId), this.authExecutor)
			.thenCompose((future) -> future)
			.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.whenCompleteAsync((auth, ex) -> {
				if (this.closed || this.pending.get(channelName) != attempt) {
					return;
				}
				if (ex != null) {
					Throwable cause = Failures.unwrap(ex);
					String reason = (cause instanceof TimeoutException) ? "timed out" : String.valueOf(cause.getMessage());
					RealtimeXSubscriptionException error = new RealtimeXSubscriptionException(channelName,
							"Authorisation of channel '" + channelName + "' failed: " + reason, cause);
					ObjectNode data = JsonNodeFactory.instance.objectNode();
					data.put("channel", channelName);
					data.put("error", error.getMessage());
					refuse(channelName, attempt, error, data);
				}
				else {
					send(channelName, attempt, auth);
				}
			}, this.authExecutor);
		return attempt.result;
	}

	private void send(String channelName, Pending attempt, @Nullable RealtimeXChannelAuth auth) {
		Map<String, Object> payload = new LinkedHashMap<>();
		payload.put("channel", channelName);
		if (auth != null) {
			payload.put("auth", auth.auth());
			if (auth.channelData() != null) {
				payload.put("channel_data", auth.channelData());
			}
		}
		DefaultRealtimeXChannel channel = this.subscriptions.get(channelName);
		if (channel != null) {
			channel.me((auth != null) ? RealtimeXPresence.userId(this.subscriptions.jsonMapper(), auth.channelData())
					: null);
		}
		try {
			this.session.send(SUBSCRIBE, payload);
		}
		catch (RuntimeException ex) {
			this.pending.remove(channelName, attempt);
			attempt.result.completeExceptionally(ex);
			return;
		}
		attempt.timeout = this.scheduler.schedule(() -> timedOut(channelName, attempt), this.timeout.toMillis(),
				TimeUnit.MILLISECONDS);
	}

	private void timedOut(String channelName, Pending attempt) {
		if (this.closed || !this.pending.remove(channelName, attempt)) {
			return;
		}
		PubSubTimeoutException timedOut = new PubSubTimeoutException(
				"Subscription confirmation for '" + channelName + "'", this.timeout);
		RealtimeXSubscriptionException error = new RealtimeXSubscriptionException(channelName,
				"No subscription confirmation for '" + channelName + "' within " + this.timeout, timedOut);
		report(channelName, error, null);
		attempt.result.completeExceptionally(timedOut);
	}

	/**
	 * The server confirmed a subscription on this session.
	 * @param channelName the channel
	 * @param payload the payload
	 */
	void onSucceeded(String channelName, JsonNode payload) {
		Pending attempt = this.pending.remove(channelName);
		if (attempt == null || this.closed) {
			return;
		}
		attempt.cancelTimeout();
		DefaultRealtimeXChannel channel = this.subscriptions.get(channelName);
		if (channel != null && channel.succeeded()) {
			this.subscriptions.succeeded(this.session, channel, payload);
		}
		attempt.result.complete(SubscribeOutcome.held());
	}

	/**
	 * The server refused a subscription on this session.
	 * @param channelName the channel
	 * @param payload the payload
	 * @return {@code false} if no subscribe of that channel was under way
	 */
	boolean onSubscriptionError(String channelName, JsonNode payload) {
		Pending attempt = this.pending.get(channelName);
		if (attempt == null || this.closed) {
			return false;
		}
		String message = payload.path("error").isString() ? payload.path("error").asString()
				: payload.path("message").asString(payload.toString());
		refuse(channelName, attempt, new RealtimeXSubscriptionException(channelName,
				"Server refused subscription to '" + channelName + "': " + message), payload);
		return true;
	}

	private void refuse(String channelName, Pending attempt, RealtimeXSubscriptionException error, JsonNode data) {
		if (!this.pending.remove(channelName, attempt)) {
			return;
		}
		attempt.cancelTimeout();
		String reason = LogSanitizer.sanitize(error.getMessage());
		report(channelName, error, data);
		this.subscriptions.refused(this, channelName, reason);
		attempt.result.complete(SubscribeOutcome.refused(reason));
	}

	private void report(String channelName, RealtimeXSubscriptionException error, @Nullable JsonNode data) {
		DefaultRealtimeXChannel channel = this.subscriptions.get(channelName);
		if (channel != null && channel.failed(error)) {
			this.subscriptions.failed(this.session, channel, error, data);
		}
	}

	@Override
	public void unsubscribe(List<String> channels) {
		for (String channelName : channels) {
			if (this.closed || !this.session.isUp()) {
				continue;
			}
			Map<String, Object> payload = new LinkedHashMap<>();
			payload.put("channel", channelName);
			try {
				this.session.send(UNSUBSCRIBE, payload);
			}
			catch (RuntimeException ex) {
				// the session is going; the next one does not hold the channel anyway
			}
		}
	}

	/**
	 * The session is no longer the client's: answers and pending authorisations are ignored.
	 */
	void close() {
		this.closed = true;
		PubSubNotConnectedException gone = new PubSubNotConnectedException("session closed");
		for (Pending attempt : this.pending.values()) {
			attempt.cancelTimeout();
			attempt.result.completeExceptionally(gone);
		}
		this.pending.clear();
	}

	/**
	 * One subscribe under way: the registry's future and the confirmation timeout.
	 */
	private static final class Pending {

		final CompletableFuture<SubscribeOutcome> result = new CompletableFuture<>();

		volatile @Nullable ScheduledFuture<?> timeout;

		void cancelTimeout() {
			ScheduledFuture<?> scheduled = this.timeout;
			if (scheduled != null) {
				scheduled.cancel(false);
			}
		}

	}

}
