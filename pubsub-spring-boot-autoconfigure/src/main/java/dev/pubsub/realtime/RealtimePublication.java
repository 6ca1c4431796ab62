package dev.pubsub.realtime;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A message written to the gateway (publish or send) and the waits attached to its id, the
 * seed's {@code WaitFor}. The ack and reply waiters were registered before the frame was written,
 * so an early ack or reply is never lost.
 */
public interface RealtimePublication {

	/**
	 * Return the message id.
	 * @return the id
	 */
	String id();

	/**
	 * Wait for the gateway's ack with the client's default timeout.
	 * @return a future completed by the ack, or failed with
	 * {@link dev.pubsub.core.PubSubTimeoutException} or
	 * {@link dev.pubsub.core.PubSubConnectionLostException}
	 */
	CompletableFuture<Void> waitForAck();

	/**
	 * Wait for the gateway's ack.
	 * @param timeout the timeout, counted from now
	 * @return a future completed by the ack
	 */
	CompletableFuture<Void> waitForAck(Duration timeout);

	/**
	 * Wait for a reply with the client's default timeout.
	 * @return a future completed with the reply
	 */
	CompletableFuture<RealtimeReply> waitForReply();

	/**
	 * Wait for a reply.
	 * @param timeout the timeout, counted from now
	 * @return a future completed with the reply
	 */
	CompletableFuture<RealtimeReply> waitForReply(Duration timeout);

}
