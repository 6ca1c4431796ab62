package dev.pubsub.core.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import tools.jackson.databind.json.JsonMapper;

import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;
import dev.pubsub.core.ReconnectPolicy;

/**
 * A test client with no transport: its type is its name, every connection attempt and every publish
 * fails, disconnecting does nothing, and patterns match routing keys equal to them. Tests of the
 * shared client machinery use it as is or override the hooks they script.
 */
public class StubPubSubClient extends AbstractPubSubClient {

	/**
	 * Create a client with the default reconnect policy.
	 * @param name the client name and type
	 */
	public StubPubSubClient(String name) {
		this(name, ReconnectPolicy.defaults());
	}

	/**
	 * Create a client.
	 * @param name the client name and type
	 * @param policy the reconnect policy
	 */
	public StubPubSubClient(String name, ReconnectPolicy policy) {
		super(name, JsonMapper.builder().build(), policy, Duration.ofSeconds(5));
	}

	@Override
	public String type() {
		return name();
	}

	@Override
	public CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		return CompletableFuture.failedFuture(new UnsupportedOperationException());
	}

	@Override
	protected CompletableFuture<Void> doConnect() {
		return CompletableFuture.failedFuture(new IllegalStateException(name()));
	}

	@Override
	protected void doDisconnect() {
	}

	@Override
	protected Predicate<String> compilePattern(String pattern) {
		return pattern::equals;
	}

}
