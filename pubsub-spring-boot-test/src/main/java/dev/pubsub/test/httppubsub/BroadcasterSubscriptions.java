package dev.pubsub.test.httppubsub;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.pubsub.httppubsub.HttpPubSubProtocol;

/**
 * The embedded broadcaster's subscriptions, in memory: per receive URL, the exact topics and the
 * globs, each with its recovery URL (empty for none).
 */
final class BroadcasterSubscriptions {

	private final Map<String, Subscriptions> byUrl = new ConcurrentHashMap<>();

	Subscriptions forUrl(String url) {
		return this.byUrl.computeIfAbsent(url, (key) -> new Subscriptions());
	}

	@Nullable Subscriptions get(String url) {
		return this.byUrl.get(url);
	}

	void put(String url, Subscriptions subscriptions) {
		this.byUrl.put(url, subscriptions);
	}

	void clear() {
		this.byUrl.clear();
	}

	int count(String url) {
		Subscriptions subs = this.byUrl.get(url);
		return (subs != null) ? subs.exact.size() + subs.glob.size() : 0;
	}

	HttpPubSubProtocol.SubscriptionSet set(String url) {
		Subscriptions subs = this.byUrl.get(url);
		return (subs != null) ? subs.toSet() : new HttpPubSubProtocol.SubscriptionSet(List.of(), List.of());
	}

	/**
	 * Visit every receive URL with its subscriptions.
	 * @param action the visitor
	 */
	void forEach(java.util.function.BiConsumer<String, Subscriptions> action) {
		this.byUrl.forEach(action);
	}

	/**
	 * The subscriptions of one receive URL.
	 */
	static final class Subscriptions {

		final Map<ByteBuffer, String> exact = new ConcurrentHashMap<>();

		final Map<ByteBuffer, String> glob = new ConcurrentHashMap<>();

		HttpPubSubProtocol.SubscriptionSet toSet() {
			return new HttpPubSubProtocol.SubscriptionSet(entries(this.exact), entries(this.glob));
		}

		private static List<HttpPubSubProtocol.Entry> entries(Map<ByteBuffer, String> map) {
			Map<ByteBuffer, String> copy = new LinkedHashMap<>(map);
			List<HttpPubSubProtocol.Entry> entries = new ArrayList<>();
			copy.forEach((key, recovery) -> {
				byte[] value = new byte[key.remaining()];
				key.duplicate().get(value);
				entries.add(new HttpPubSubProtocol.Entry(value, recovery.isEmpty() ? null : recovery));
			});
			return entries;
		}

	}

}
