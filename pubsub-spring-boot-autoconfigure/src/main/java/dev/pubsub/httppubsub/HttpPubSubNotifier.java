package dev.pubsub.httppubsub;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import dev.pubsub.core.PublishOptions;
import dev.pubsub.core.PublishReceipt;

/**
 * The notifications of a {@link DefaultHttpPubSubClient}: encode the payload, hash it (a file once,
 * while streaming it later), pick a 4-byte identifier, put the observed publish's propagation fields
 * into the {@code tracing} field, and notify through {@link HttpPubSubRequests}.
 */
final class HttpPubSubNotifier {

	private static final HexFormat HEX = HexFormat.of();

	private final String clientName;

	private final HttpPubSubRequests requests;

	private final HttpPubSubClientSupport support;

	private final Duration notifyTimeout;

	private final Runnable published;

	private final SecureRandom random = new SecureRandom();

	HttpPubSubNotifier(String clientName, HttpPubSubRequests requests, HttpPubSubClientSupport support,
			Duration notifyTimeout, Runnable published) {
		this.clientName = clientName;
		this.requests = requests;
		this.support = support;
		this.notifyTimeout = notifyTimeout;
		this.published = published;
	}

	CompletableFuture<PublishReceipt> publish(String topic, Object payload, PublishOptions options) {
		byte[] data = this.support.encode(payload);
		byte[] identifier = identifier();
		return send(topic.getBytes(StandardCharsets.UTF_8), BodyPublishers.ofByteArray(data), data.length,
				HttpPubSubProtocol.sha512(data), identifier,
				(options.timeout() != null) ? options.timeout() : this.notifyTimeout)
			.thenApply((notified) -> new PublishReceipt(this.clientName, topic, HEX.formatHex(identifier), true,
					notified, Instant.now()));
	}

	CompletableFuture<Long> notify(String topic, byte[] data) {
		return send(topic.getBytes(StandardCharsets.UTF_8), BodyPublishers.ofByteArray(data), data.length,
				HttpPubSubProtocol.sha512(data), identifier(), this.notifyTimeout);
	}

	CompletableFuture<Long> notify(byte[] topic, Path file) {
		try {
			long length = Files.size(file);
			return send(topic, BodyPublishers.ofFile(file), length, HttpPubSubClientSupport.sha512(file), identifier(),
					this.notifyTimeout);
		}
		catch (IOException ex) {
			return CompletableFuture.failedFuture(new UncheckedIOException("Cannot read " + file, ex));
		}
	}

	CompletableFuture<Long> notify(byte[] topic, Supplier<InputStream> data, long length, byte[] sha512) {
		return send(topic, BodyPublishers.fromPublisher(BodyPublishers.ofInputStream(data), length), length, sha512,
				identifier(), this.notifyTimeout);
	}

	/** Notify, with the propagation fields of the observed publish running on this thread. */
	private CompletableFuture<Long> send(byte[] topic, BodyPublisher message, long length, byte[] sha512,
			byte[] identifier, Duration timeout) {
		byte[] tracing;
		try {
			tracing = this.support.publishTracing();
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		return this.requests.notify(topic, message, length, sha512, identifier, tracing, timeout)
			.thenApply((notified) -> {
				this.published.run();
				return notified;
			});
	}

	private byte[] identifier() {
		byte[] identifier = new byte[4];
		this.random.nextBytes(identifier);
		return identifier;
	}

}
