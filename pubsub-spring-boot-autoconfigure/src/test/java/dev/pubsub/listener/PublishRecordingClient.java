package dev.pubsub.listener;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;

/**
 * A {@link LoopbackPubSubClient} that records what it publishes and answers each publish as the test
 * decides (written by default).
 */
public class PublishRecordingClient extends LoopbackPubSubClient {

	/** What was published, in order. */
	public final List<Published> published = new CopyOnWriteArrayList<>();

	private volatile Function<String, CompletableFuture<PublishReceipt>> outcome = (topic) -> CompletableFuture
		.completedFuture(PublishReceipt.written(name(), topic, null));

	/**
	 * Create a client.
	 * @param name the client name
	 * @param supportsReplies whether delivered messages carry a reply handle
	 */
	public PublishRecordingClient(String name, boolean supportsReplies) {
		super(name, supportsReplies);
	}

	/**
	 * Decide the outcome of the following publishes, by topic.
	 * @param outcome the future a publish returns (or a runtime exception it throws)
	 */
	public void answerPublishes(Function<String, CompletableFuture<PublishReceipt>> outcome) {
		this.outcome = outcome;
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		this.published.add(new Published(topic, payload, options));
		return this.outcome.apply(topic);
	}

	/**
	 * One publish.
	 * @param topic the topic or channel
	 * @param payload the payload as given
	 * @param options the options
	 */
	public record Published(String topic, Object payload, PublishOptions options) {
	}

}
