package dev.pubsub.realtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import dev.pubsub.core.support.PendingRequests;

/**
 * The waits of one written message, backed by entries registered before the frame was written.
 * Futures handed out complete on the client's callback executor, never on the read thread.
 */
final class DefaultRealtimePublication implements RealtimePublication {

	private final String id;

	private final CompletableFuture<Boolean> ack;

	private final CompletableFuture<RealtimeReply> reply;

	private final PendingRequests<String, Boolean> acks;

	private final PendingRequests<String, RealtimeReply> replies;

	private final Duration defaultTimeout;

	private final Executor callbackExecutor;

	DefaultRealtimePublication(String id, CompletableFuture<Boolean> ack, CompletableFuture<RealtimeReply> reply,
			PendingRequests<String, Boolean> acks, PendingRequests<String, RealtimeReply> replies,
			Duration defaultTimeout, Executor callbackExecutor) {
		this.id = id;
		this.ack = ack;
		this.reply = reply;
		this.acks = acks;
		this.replies = replies;
		this.defaultTimeout = defaultTimeout;
		this.callbackExecutor = callbackExecutor;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public CompletableFuture<Void> waitForAck() {
		return waitForAck(this.defaultTimeout);
	}

	@Override
	public CompletableFuture<Void> waitForAck(Duration timeout) {
		this.acks.extend(this.id, timeout);
		return this.ack.thenApplyAsync((ignored) -> null, this.callbackExecutor);
	}

	@Override
	public CompletableFuture<RealtimeReply> waitForReply() {
		return waitForReply(this.defaultTimeout);
	}

	@Override
	public CompletableFuture<RealtimeReply> waitForReply(Duration timeout) {
		this.replies.extend(this.id, timeout);
		return this.reply.thenApplyAsync(Function.identity(), this.callbackExecutor);
	}

	@Override
	public String toString() {
		return "RealtimePublication[id=" + this.id + "]";
	}

}
