package dev.pubsub.test.httppubsub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.pubsub.httppubsub.AuthMessageType;
import dev.pubsub.httppubsub.AuthResult;
import dev.pubsub.httppubsub.HttpPubSubAuth;
import dev.pubsub.httppubsub.HttpPubSubGlob;
import dev.pubsub.httppubsub.HttpPubSubProtocol;
import dev.pubsub.httppubsub.WireReader;
import dev.pubsub.httppubsub.WireWriter;

/**
 * The embedded broadcaster's fan-out: a notification goes to the exact subscribers, then the glob
 * subscribers, one at a time, then to the websockets with a matching subscription (one copy each, see
 * {@link BroadcasterWebsockets}), as a RECEIVE request carrying the notification's {@code tracing}
 * field (relayed as is, so trace propagation can be tested end to end; lonelypss 0.0.12's simple
 * tracer sends it empty). A confirmation counts; UNSUBSCRIBE_IMMEDIATE deletes the subscription;
 * anything else is a failed delivery, followed by one missed notice to the recovery URL.
 */
final class BroadcasterFanOut {

	private final BroadcasterSubscriptions subscriptions;

	private final HttpPubSubAuth toBroadcaster;

	private final HttpPubSubAuth toSubscriber;

	private final Supplier<@Nullable Executor> executor;

	private final BroadcasterWebsockets websockets;

	private final SecureRandom random = new SecureRandom();

	private final AtomicLong failedDeliveries = new AtomicLong();

	private final AtomicLong unsubscribedImmediately = new AtomicLong();

	private final AtomicReference<String> lastFailure = new AtomicReference<>("none");

	private final HttpClient httpClient = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	BroadcasterFanOut(BroadcasterSubscriptions subscriptions, HttpPubSubAuth toBroadcaster,
			HttpPubSubAuth toSubscriber, Supplier<@Nullable Executor> executor, BroadcasterWebsockets websockets) {
		this.subscriptions = subscriptions;
		this.websockets = websockets;
		this.toBroadcaster = toBroadcaster;
		this.toSubscriber = toSubscriber;
		this.executor = executor;
	}

	long fanOut(byte[] topic, byte[] message, byte[] sha512, byte[] tracing) {
		String utf8Topic = utf8(topic);
		List<Target> targets = new ArrayList<>();
		this.subscriptions.forEach((url, subs) -> {
			String recovery = subs.exact.get(ByteBuffer.wrap(topic));
			if (recovery != null) {
				targets.add(new Target(url, null, recovery));
			}
		});
		if (utf8Topic != null) {
			this.subscriptions.forEach((url, subs) -> subs.glob.forEach((glob, recovery) -> {
				String text = StandardCharsets.UTF_8.decode(glob.duplicate()).toString();
				if (HttpPubSubGlob.compile(text).test(utf8Topic)) {
					targets.add(new Target(url, glob, recovery));
				}
			}));
		}
		long notified = 0;
		for (Target target : targets) {
			notified += deliver(target, topic, message, sha512, tracing);
		}
		return notified + this.websockets.deliver(topic, message, sha512, tracing);
	}

	private long deliver(Target target, byte[] topic, byte[] message, byte[] sha512, byte[] tracing) {
		byte[] identifier = new byte[8];
		this.random.nextBytes(identifier);
		String auth = this.toSubscriber.authorize(AuthMessageType.RECEIVE, tracing,
				HttpPubSubProtocol.signReceive(target.url, topic, identifier, sha512));
		byte[] prefix = new WireWriter().str16(tracing).str16(topic).str8(identifier).u64(message.length).toByteArray();
		HttpRequest.Builder request = HttpRequest.newBuilder(withoutFragment(target.url))
			.timeout(Duration.ofSeconds(30))
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.header("Repr-Digest", "sha-512=" + Base64.getEncoder().encodeToString(sha512))
			.POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(prefix),
					HttpRequest.BodyPublishers.ofByteArray(message)));
		if (auth != null) {
			request.header("Authorization", auth);
		}
		try {
			byte[] response = this.httpClient.send(request.build(), HttpResponse.BodyHandlers.ofByteArray()).body();
			WireReader reader = new WireReader(response);
			int type = reader.u16("type");
			if (type == HttpPubSubProtocol.RESPONSE_UNSUBSCRIBE_IMMEDIATE) {
				this.unsubscribedImmediately.incrementAndGet();
				BroadcasterSubscriptions.Subscriptions subs = this.subscriptions.get(target.url);
				if (subs != null) {
					if (target.glob != null) {
						subs.glob.remove(target.glob);
					}
					else {
						subs.exact.remove(ByteBuffer.wrap(topic));
					}
				}
				return 0;
			}
			if (type == HttpPubSubProtocol.RESPONSE_CONFIRM_RECEIVE) {
				String confirm = reader.str16Utf8("authorization");
				byte[] replyTracing = reader.str16("tracing");
				byte[] echoed = reader.str8("identifier");
				long count = reader.u32("count");
				if (this.toBroadcaster.verify(confirm, AuthMessageType.CONFIRM_RECEIVE, replyTracing,
						HttpPubSubProtocol.signConfirmReceive(echoed, count, target.url)) == AuthResult.OK) {
					return count;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// a failed delivery, reported below as missed
			this.lastFailure.set(ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.failedDeliveries.incrementAndGet();
		missed(target, topic);
		return 0;
	}

	/**
	 * Describe the failed deliveries and UNSUBSCRIBE_IMMEDIATE answers so far, for test failure messages.
	 * @return the description
	 */
	String describe() {
		return "failed deliveries: " + this.failedDeliveries.get() + " (last: " + this.lastFailure.get()
				+ "), UNSUBSCRIBE_IMMEDIATE answers: " + this.unsubscribedImmediately.get();
	}

	private void missed(Target target, byte[] topic) {
		Executor executor = this.executor.get();
		if (target.recovery.isEmpty() || executor == null) {
			return;
		}
		executor.execute(() -> {
			byte[] tracing = new byte[0];
			String auth = this.toSubscriber.authorize(AuthMessageType.MISSED, tracing,
					HttpPubSubProtocol.signMissed(target.recovery, topic));
			HttpRequest.Builder request = HttpRequest.newBuilder(withoutFragment(target.recovery))
				.timeout(Duration.ofSeconds(30))
				.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
				.POST(HttpRequest.BodyPublishers.ofByteArray(new WireWriter().str16(tracing).str16(topic).toByteArray()));
			if (auth != null) {
				request.header("Authorization", auth);
			}
			try {
				this.httpClient.send(request.build(), HttpResponse.BodyHandlers.discarding());
			}
			catch (IOException ex) {
				// best effort, as lonelypss: the notice is dropped
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

	private static URI withoutFragment(String url) {
		int hash = url.indexOf('#');
		return URI.create((hash >= 0) ? url.substring(0, hash) : url);
	}

	private static @Nullable String utf8(byte[] topic) {
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(topic)).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private record Target(String url, @Nullable ByteBuffer glob, String recovery) {
	}

}
