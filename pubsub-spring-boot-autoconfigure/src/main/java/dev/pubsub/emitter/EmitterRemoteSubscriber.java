package dev.pubsub.emitter;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * A call of several topics (the restore of a new session) is answered
 * {@linkplain SubscribeOutcome#ofEach per topic}, so the registry holds exactly the granted topics and
 * retries only the refused or unanswered ones: a granted topic is never subscribed twice on one
 * session (a second SUBSCRIBE would replay stored messages once more when {@code last} &gt; 0).
 */
final class EmitterRemoteSubscriber implements RemoteSubscriber {

	private final EmitterSession target;

	private final EmitterWire wire;

	private final Duration timeout;

	private final Function<String, @Nullable String> lastOption;

	private final BiConsumer<String, @Nullable Throwable> answered;

	private final BiConsumer<String, CompletableFuture<Void>> unsubscribed;

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
		if (topics.size() == 1) {
			return subscribe(topics.get(0));
		}
		Map<String, CompletableFuture<SubscribeOutcome>> answers = new LinkedHashMap<>();
		for (String topic : topics) {
			answers.put(topic, subscribe(topic));
		}
		return SubscribeOutcome.ofEach(answers);
	}

	/** Subscribe one topic: its own SUBACK, within the request timeout. */
	private CompletableFuture<SubscribeOutcome> subscribe(String topic) {
		String last = this.lastOption.apply(topic);
		String withOptions = (last != null)
				? EmitterTopics.withOptions(topic, Map.of(EmitterClient.LAST_EXTRA, last)) : topic;
		String channel = channel(topic);
		return this.wire.subscribe(this.target, withOptions, channel).handle((ok, ex) -> {
			Throwable cause = (ex != null) ? Failures.unwrap(ex) : null;
			this.answered.accept(topic, cause);
			if (cause == null) {
				return SubscribeOutcome.held();
			}
			if (cause instanceof EmitterRequestException refused) {
				return SubscribeOutcome.refused(LogSanitizer.sanitize(refused.getMessage()));
			}
			throw (cause instanceof RuntimeException runtime) ? runtime : new CompletionException(cause);
		})
			.orTimeout(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
			.exceptionallyCompose((ex) -> CompletableFuture.failedFuture(
					(Failures.unwrap(ex) instanceof TimeoutException)
							? new PubSubTimeoutException("SUBACK of '" + LogSanitizer.sanitize(channel) + "'", this.timeout)
							: Failures.unwrap(ex)));
	}

	@Override
	public void unsubscribe(List<String> topics) {
		synchronized (this.wire.lock()) {
			for (String topic : topics) {
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
