package dev.pubsub.autoconfigure;

import org.springframework.util.unit.DataSize;

import dev.pubsub.core.support.InboundBudget;

/**
 * Bounds of one client's inbound buffering.
 */
public class PubSubInboundProperties {

	/**
	 * Bytes that all messages queued for or being handled by the client's listeners and handlers
	 * may take together (payload plus a small fixed overhead each), shared by all its subscriptions;
	 * when it is full the overflow policy applies (by default the network thread waits, so the
	 * server is back-pressured). A single larger message is admitted once nothing else is held.
	 */
	private DataSize maxBufferedBytes = DataSize.ofBytes(InboundBudget.DEFAULT_MAX_BYTES);

	public DataSize getMaxBufferedBytes() {
		return this.maxBufferedBytes;
	}

	public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
		this.maxBufferedBytes = maxBufferedBytes;
	}

}
