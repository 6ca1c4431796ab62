package dev.pubsub.emitter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RemoteSubscriber;
import dev.pubsub.core.support.SubscribeOutcome;

/**
 * The SUBSCRIBE and UNSUBSCRIBE packets of one {@link EmitterSession}, for the client's
 * {@link dev.pubsub.core.support.RemoteSubscriptionRegistry}: one packet per subscription topic
 * (each has its own SUBACK), with the {@code last} option the topic's state gives, answered within
 * the request timeout.
 * <p>
 * The registry answers a batch as a whole and retries a refused batch one key at a time: a topic
 * this session already holds is answered as held again without a second SUBSCRIBE (which would
 * replay stored messages once more).
 */
final class EmitterRemoteSubscriber implements RemoteSubscriber {

	private final EmitterSession target;

	private final EmitterWire wire;

	private final Duration timeout;

	private final Function<String, @Nullable String> lastOption;

	private final BiConsumer<String, @Nullable Throwable> answered;

	private final BiConsumer<String, CompletableFuture<Void>> unsubscribed;

	private final Set<String> granted = ConcurrentHashMap.newKeySet();

	/**
	 * Create the subscriber of a session.
	 * @param target the session
	 * @param wire sends the packets
	 * @param timeout how long a SUBACK may take (the client's request timeout)
	 * @param lastOption the {@code last} option to send for a topic
	 * @param answered told each topic's SUBACK: no failure when granted, else the refusal or failure
	 * @param unsubscribed told each topic an UNSUBSCRIBE was sent for, with its acknowledgement (with
	 * the send lock held)
	 */
	EmitterRemoteSubscriber(EmitterSession target, EmitterWire wire, Duration timeout,
			Function<String, @Nullable String> lastOption, BiConsumer<String, @Nullable Throwable> answered,
			BiConsumer<String, CompletableFuture<Void>> unsubscribed) {
		this.target = target;
		this.wire = wire;
		this.timeout = timeout;
		this.lastOption = lastOption;
		this.answered = answered;
		this.unsubscribed = unsubscribed;
	}

	EmitterSession target() {
		return this.target;
	}

	@Override
	public CompletableFuture<SubscribeOutcome> subscribe(List<String> topics) {
		List<CompletableFuture<@Nullable String>> answers = new ArrayList<>(topics.size());
		for (String topic : topics) {
			answers.add(subscribe(topic));
		}
		CompletableFuture<SubscribeOutcome> outcome = CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
			.thenApply((ok) -> {
				for (CompletableFuture<@Nullable String> answer : answers) {
					String refusal = answer.join();
					if (refusal != null) {
						return SubscribeOutcome.refused(refusal);
					}
				}
				return SubscribeOutcome.held();
			});
		String what = "SUBACK of " + topics.size() + " subscription(s)";
		return outcome.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionallyCompose((ex) -> CompletableFuture.failedFuture(
					(Failures.unwrap(ex) instanceof TimeoutException) ? new PubSubTimeoutException(what, this.timeout)
							: Failures.unwrap(ex)));
	}

	/** Subscribe one topic: completed with {@code null} when granted, the refusal, or exceptionally. */
	private CompletableFuture<@Nullable String> subscribe(String topic) {
		if (this.granted.contains(topic)) {
			return CompletableFuture.completedFuture(null);
		}
		String last = this.lastOption.apply(topic);
		String withOptions = (last != null)
				? EmitterTopics.withOptions(topic, Map.of(EmitterClient.LAST_EXTRA, last)) : topic;
		return this.wire.subscribe(this.target, withOptions, channel(topic)).handle((ok, ex) -> {
			Throwable cause = (ex != null) ? Failures.unwrap(ex) : null;
			if (cause == null) {
				this.granted.add(topic);
			}
			this.answered.accept(topic, cause);
			if (cause == null) {
				return null;
			}
			if (cause instanceof EmitterRequestException refused) {
				return LogSanitizer.sanitize(refused.getMessage());
			}
			throw (cause instanceof RuntimeException runtime) ? runtime
					: new CompletionException(cause);
		});
	}

	@Override
	public void unsubscribe(List<String> topics) {
		synchronized (this.wire.lock()) {
			for (String topic : topics) {
				this.granted.remove(topic);
				this.unsubscribed.accept(topic, this.wire.unsubscribe(this.target, topic));
			}
		}
	}

	/**
	 * Return the channel of a subscription topic (without the key), for messages.
	 * @param topic the subscription topic
	 * @return the channel, with a share group's prefix
	 */
	static String channel(String topic) {
		return topic.substring(topic.indexOf('/') + 1);
	}

}
