package dev.pubsub.test.contract;

/**
 * The points of the provider contract, one per group of assertions of the kit. A provider that cannot
 * meet one by design declares it with {@link ContractPeer#limitation(ContractPoint)}, giving the reason;
 * the kit then reports the test as aborted with that reason instead of running it, so nothing is skipped
 * silently.
 */
public enum ContractPoint {

	/** Restore after every drop of the connection, with no loss of what was published after the restore. */
	RESTORE_AFTER_DROPS,

	/** Garbage frames are counted exactly, logged in a few lines, and the client keeps delivering. */
	GARBAGE_FRAMES,

	/** Frames larger than the client's limit are refused without being buffered, and the client recovers. */
	OVERSIZED_FRAMES,

	/** A flood of small messages is delivered exactly once each, within the byte budget, in a few log lines. */
	FLOOD,

	/** Large deliveries while the server does not read the client are back-pressured within the byte budget. */
	LARGE_DELIVERIES_WHILE_NOT_READING,

	/** A server that accepts and then closes is retried following the backoff and its stability window. */
	RECONNECT_BACKOFF,

	/** A message matching several patterns of one subscription or listener is delivered once. */
	OVERLAPPING_PATTERNS,

	/** Closing the context drains queued messages or counts each one left in {@code discardedOnShutdown}. */
	SHUTDOWN_DRAIN

}
