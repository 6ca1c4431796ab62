package dev.pubsub.httppubsub;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The resolved settings of one {@link DefaultHttpPubSubClient}.
 *
 * @param broadcasters base URLs of the broadcasters (tried in order; they share one subscription
 * store)
 * @param receiveUrl supplies the URL registered for receiving (resolved at connect time, since the
 * local port may be known only once the web server runs)
 * @param recoveryUrl supplies the recovery URL, or {@code null} to register none
 * @param toBroadcaster auth of requests to the broadcaster and of our replies to it
 * @param toSubscriber auth of the broadcaster's requests to us and of its replies
 * @param resyncInterval how often to compare subscriptions with the broadcaster
 * @param notifyTimeout how long a notify may take (the broadcaster answers after the whole fan-out)
 * @param maxMessageSize largest message accepted on the receive endpoint
 * @param retries passes over the broadcasters for 502/503/504 answers
 * @param retryBackoff delay before the second pass (doubled each pass)
 * @param sslContext the SSL context of https requests to the broadcasters (from an SSL bundle), or
 * {@code null} for the JVM's default
 */
public record HttpPubSubSettings(List<URI> broadcasters, Supplier<String> receiveUrl,
		@Nullable Supplier<String> recoveryUrl, HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber,
		Duration resyncInterval, Duration notifyTimeout, long maxMessageSize, int retries, Duration retryBackoff,
		@Nullable SSLContext sslContext) {

	public HttpPubSubSettings {
		Assert.notEmpty(broadcasters, "at least one broadcaster URL is required");
		Assert.isTrue(!resyncInterval.isNegative() && !resyncInterval.isZero(), "resync-interval must be positive");
		Assert.isTrue(maxMessageSize > 0, "max-message-size must be positive");
		Assert.isTrue(retries >= 1, "retries must be at least 1");
		broadcasters = List.copyOf(broadcasters);
	}

	/**
	 * Settings with the JVM's default SSL context.
	 * @param broadcasters base URLs of the broadcasters
	 * @param receiveUrl supplies the URL registered for receiving
	 * @param recoveryUrl supplies the recovery URL, or {@code null} to register none
	 * @param toBroadcaster auth of requests to the broadcaster and of our replies to it
	 * @param toSubscriber auth of the broadcaster's requests to us and of its replies
	 * @param resyncInterval how often to compare subscriptions with the broadcaster
	 * @param notifyTimeout how long a notify may take
	 * @param maxMessageSize largest message accepted on the receive endpoint
	 * @param retries passes over the broadcasters for 502/503/504 answers
	 * @param retryBackoff delay before the second pass (doubled each pass)
	 */
	public HttpPubSubSettings(List<URI> broadcasters, Supplier<String> receiveUrl,
			@Nullable Supplier<String> recoveryUrl, HttpPubSubAuth toBroadcaster, HttpPubSubAuth toSubscriber,
			Duration resyncInterval, Duration notifyTimeout, long maxMessageSize, int retries, Duration retryBackoff) {
		this(broadcasters, receiveUrl, recoveryUrl, toBroadcaster, toSubscriber, resyncInterval, notifyTimeout,
				maxMessageSize, retries, retryBackoff, null);
	}

}
