package dev.pubsub.test.contract;

import dev.pubsub.core.PubSubMessage;
import dev.pubsub.listener.PubSubListener;

/**
 * The {@code @PubSubListener} of the listener contract: one listener method with the two patterns
 * {@code ${contract-kit.pattern-a}} and {@code ${contract-kit.pattern-b}} (the peer's overlapping patterns for
 * the overlap contract, its one pattern twice for the shutdown contract), on the only client of the context. Each message is recorded and then the method waits {@code handlerMillis}, to make a slow
 * consumer for the shutdown contract.
 */
public class ContractListener {

	/** The listener's id. */
	public static final String ID = "contract-listener";

	private final ReceivedIds received;

	private final long handlerMillis;

	/**
	 * Create the listener.
	 * @param received where each message's id is recorded
	 * @param handlerMillis how long each invocation takes after recording, in milliseconds
	 */
	public ContractListener(ReceivedIds received, long handlerMillis) {
		this.received = received;
		this.handlerMillis = handlerMillis;
	}

	/**
	 * Record a message.
	 * @param message the message
	 */
	@PubSubListener(id = ID, patterns = { "${contract-kit.pattern-a}", "${contract-kit.pattern-b}" })
	public void onMessage(PubSubMessage message) {
		this.received.add(message);
		if (this.handlerMillis > 0) {
			AbstractContractTests.slowConsumer(this.handlerMillis);
		}
	}

}
