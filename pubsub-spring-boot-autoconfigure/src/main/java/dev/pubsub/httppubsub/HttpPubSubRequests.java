package dev.pubsub.httppubsub;

import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubMessageTooLargeException;
import dev.pubsub.core.PubSubProtocolException;

/**
 * The requests {@link DefaultHttpPubSubClient} makes to the broadcasters over HTTP: (un)subscribe
 * one pattern, check and set the whole subscription set for the receive URL and the globs' URLs
 * ({@link HttpPubSubReceiveRoutes}), and notify. Each is
 * authorized for the to-broadcaster direction, posted through the {@link HttpPubSubTransport}, and
 * its answer parsed and verified for the to-subscriber direction.
 */
final class HttpPubSubRequests {

	private final HttpPubSubSettings settings;

	private final HttpPubSubTransport transport;

	private final Supplier<String> receiveUrl;

	private final Supplier<@Nullable String> recoveryUrl;

	private final Duration requestTimeout;

	HttpPubSubRequests(HttpPubSubSettings settings, HttpPubSubTransport transport, Supplier<String> receiveUrl,
			Supplier<@Nullable String> recoveryUrl, Duration requestTimeout) {
		this.settings = settings;
		this.transport = transport;
		this.receiveUrl = receiveUrl;
		this.recoveryUrl = recoveryUrl;
		this.requestTimeout = requestTimeout;
	}

	// ---- subscriptions ----------------------------------------------------------------------------

	CompletableFuture<Void> subscription(String pattern, boolean subscribe) {
		boolean glob = HttpPubSubGlob.isGlob(pattern);
		byte[] value = HttpPubSubGlob.value(pattern).getBytes(StandardCharsets.UTF_8);
		String url = HttpPubSubReceiveRoutes.urlFor(this.receiveUrl.get(), pattern);
		String recovery = subscribe ? this.recoveryUrl.get() : null;
		byte[] tracing = HttpPubSubProtocol.empty();
		String path = glob ? (subscribe ? HttpPubSubProtocol.SUBSCRIBE_GLOB : HttpPubSubProtocol.UNSUBSCRIBE_GLOB)
				: (subscribe ? HttpPubSubProtocol.SUBSCRIBE_EXACT : HttpPubSubProtocol.UNSUBSCRIBE_EXACT);
		int authType = glob ? AuthMessageType.SUBSCRIBE_GLOB : AuthMessageType.SUBSCRIBE_EXACT;
		byte[] signed = HttpPubSubProtocol.signSubscribe(url, recovery, value);
		String authorization = this.settings.toBroadcaster().authorize(authType, tracing, signed);
		byte[] body = subscribe ? HttpPubSubProtocol.subscribe(url, value, recovery, tracing)
				: HttpPubSubProtocol.unsubscribe(url, value, tracing);
		int confirmType = glob ? AuthMessageType.CONFIRM_SUBSCRIBE_GLOB : AuthMessageType.CONFIRM_SUBSCRIBE_EXACT;
		return this.transport.post(path, BodyPublishers.ofByteArray(body), authorization, this.requestTimeout, true)
			.thenAccept((response) -> {
				if (response != null) {
					HttpPubSubProtocol.GenericResponse generic = HttpPubSubProtocol.parseGeneric(response);
					verifyResponse(generic.authorization(), confirmType, generic.tracing(), signed, path);
				}
			});
	}

	private HttpPubSubProtocol.SubscriptionSet desired(Collection<String> patterns) {
		String recovery = this.recoveryUrl.get();
		List<HttpPubSubProtocol.Entry> exact = new ArrayList<>();
		List<HttpPubSubProtocol.Entry> glob = new ArrayList<>();
		for (String pattern : patterns) {
			HttpPubSubProtocol.Entry entry = new HttpPubSubProtocol.Entry(
					HttpPubSubGlob.value(pattern).getBytes(StandardCharsets.UTF_8), recovery);
			(HttpPubSubGlob.isGlob(pattern) ? glob : exact).add(entry);
		}
		return new HttpPubSubProtocol.SubscriptionSet(exact, glob);
	}

	/**
	 * Compare the broadcaster's subscriptions with ours, for the receive URL and each glob's URL
	 * ({@link HttpPubSubReceiveRoutes}).
	 * @param patterns the local patterns
	 * @return completed with whether every URL holds exactly what it should
	 */
	CompletableFuture<Boolean> checkSubscriptions(Collection<String> patterns) {
		return perUrl(patterns, this::checkSubscriptions)
			.thenApply((checks) -> checks.stream().allMatch(CompletableFuture::join));
	}

	/**
	 * Set the broadcaster's subscriptions to ours, for the receive URL and each glob's URL
	 * ({@link HttpPubSubReceiveRoutes}).
	 * @param patterns the local patterns
	 * @return completed once every URL is set
	 */
	CompletableFuture<Void> setSubscriptions(Collection<String> patterns) {
		return perUrl(patterns, this::setSubscriptions).thenApply((sets) -> null);
	}

	/** Make one request per URL the patterns are registered under; completed when all are. */
	private <T> CompletableFuture<List<CompletableFuture<T>>> perUrl(Collection<String> patterns,
			BiFunction<String, List<String>, CompletableFuture<T>> request) {
		List<CompletableFuture<T>> requests = new ArrayList<>();
		try {
			HttpPubSubReceiveRoutes.byUrl(this.receiveUrl.get(), patterns)
				.forEach((url, group) -> requests.add(request.apply(url, group)));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).thenApply((all) -> requests);
	}

	private CompletableFuture<Boolean> checkSubscriptions(String url, Collection<String> patterns) {
		byte[] expected = desired(patterns).etag(url);
		byte[] tracing = HttpPubSubProtocol.empty();
		String authorization = this.settings.toBroadcaster().authorize(AuthMessageType.CHECK_SUBSCRIPTIONS, tracing,
				HttpPubSubProtocol.signUrl(url));
		return this.transport
			.post(HttpPubSubProtocol.CHECK_SUBSCRIPTIONS,
					BodyPublishers.ofByteArray(HttpPubSubProtocol.checkSubscriptions(url, tracing)), authorization,
					this.requestTimeout, false)
			.thenApply((response) -> {
				HttpPubSubProtocol.CheckResponse check = HttpPubSubProtocol.parseCheck(nonNull(response));
				verifyResponse(check.authorization(), AuthMessageType.CHECK_SUBSCRIPTIONS_RESPONSE, check.tracing(),
						HttpPubSubProtocol.signEtag(check.etag()), HttpPubSubProtocol.CHECK_SUBSCRIPTIONS);
				return MessageDigest.isEqual(expected, check.etag());
			});
	}

	private CompletableFuture<Void> setSubscriptions(String url, Collection<String> patterns) {
		HttpPubSubProtocol.SubscriptionSet desired;
		try {
			desired = desired(patterns);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		byte[] etag = desired.etag(url);
		byte[] tracing = HttpPubSubProtocol.empty();
		String authorization = this.settings.toBroadcaster().authorize(AuthMessageType.SET_SUBSCRIPTIONS, tracing,
				HttpPubSubProtocol.signSetSubscriptions(url, etag));
		byte[] body = HttpPubSubProtocol.setSubscriptions(url, desired, tracing);
		return this.transport
			.post(HttpPubSubProtocol.SET_SUBSCRIPTIONS, BodyPublishers.ofByteArray(body), authorization,
					this.requestTimeout, false)
			.thenAccept((response) -> {
				HttpPubSubProtocol.GenericResponse generic = HttpPubSubProtocol.parseGeneric(nonNull(response));
				verifyResponse(generic.authorization(), AuthMessageType.SET_SUBSCRIPTIONS_RESPONSE, generic.tracing(),
						HttpPubSubProtocol.signEtag(etag), HttpPubSubProtocol.SET_SUBSCRIPTIONS);
			});
	}

	// ---- notify -----------------------------------------------------------------------------------

	/**
	 * Notify subscribers.
	 * @param topic the topic bytes
	 * @param message the message body
	 * @param length its length
	 * @param sha512 its SHA-512
	 * @param identifier the request identifier
	 * @param tracing the {@code tracing} field
	 * @param timeout the per-attempt timeout
	 * @return a future completed with the number of subscribers reached
	 */
	CompletableFuture<Long> notify(byte[] topic, BodyPublisher message, long length, byte[] sha512,
			byte[] identifier, byte[] tracing, Duration timeout) {
		if (topic.length > HttpPubSubProtocol.MAX_TOPIC_LENGTH) {
			return CompletableFuture.failedFuture(new PubSubMessageTooLargeException(topic.length,
					HttpPubSubProtocol.MAX_TOPIC_LENGTH));
		}
		if (sha512.length != 64) {
			return CompletableFuture.failedFuture(new IllegalArgumentException("sha512 must be 64 bytes"));
		}
		String authorization = this.settings.toBroadcaster().authorize(AuthMessageType.NOTIFY, tracing,
				HttpPubSubProtocol.signNotify(topic, identifier, sha512));
		byte[] prefix = HttpPubSubProtocol.notifyPrefix(topic, sha512, tracing, identifier, length);
		BodyPublisher body = BodyPublishers.concat(BodyPublishers.ofByteArray(prefix), message);
		return this.transport.post(HttpPubSubProtocol.NOTIFY, body, authorization, timeout, false)
			.thenApply((response) -> {
				HttpPubSubProtocol.NotifyResponse notify = HttpPubSubProtocol.parseNotify(nonNull(response));
				if (!MessageDigest.isEqual(notify.identifier(), identifier)) {
					throw new PubSubProtocolException("Notify response identifier does not echo the request's");
				}
				verifyResponse(notify.authorization(), AuthMessageType.CONFIRM_NOTIFY, notify.tracing(),
						HttpPubSubProtocol.signConfirmNotify(identifier, notify.notified(), topic, sha512),
						HttpPubSubProtocol.NOTIFY);
				return notify.notified();
			});
	}

	private void verifyResponse(String authorization, int type, byte[] tracing, byte[] signed, String path) {
		AuthResult result = this.settings.toSubscriber().verify(authorization, type, tracing, signed);
		if (result != AuthResult.OK) {
			throw new PubSubAuthenticationException(
					"Broadcaster's answer to " + path + " failed authorization (" + result + ")");
		}
	}

	private static byte[] nonNull(byte @Nullable [] response) {
		if (response == null) {
			throw new PubSubProtocolException("Broadcaster answered with an empty conflict");
		}
		return response;
	}

}
