package dev.pubsub.httppubsub;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import dev.pubsub.core.PubSubAuthenticationException;
import dev.pubsub.core.PubSubConnectionLostException;
import dev.pubsub.core.PubSubException;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.PubSubTimeoutException;
import dev.pubsub.core.support.Failures;

/**
 * POSTs protocol requests to the broadcasters with the JDK {@link HttpClient}: tries each
 * broadcaster in turn, makes {@code retries} passes with doubling back-off when the answers are
 * 502, 503 or 504 (or the broadcaster cannot be reached), and maps the final status to an
 * exception. Bodies are {@link BodyPublisher}s, so large messages stream from their source.
 */
final class HttpPubSubTransport {

	private final HttpClient httpClient;

	private final List<URI> broadcasters;

	private final int retries;

	private final Duration retryBackoff;

	private final ScheduledExecutorService scheduler;

	/**
	 * Build the HTTP/1.1 client the requests go through: no redirects, the SSL context of
	 * {@link #sslContext(HttpPubSubSettings)}.
	 * @param settings the settings
	 * @param connectTimeout the connect timeout
	 * @return the client
	 */
	static HttpClient httpClient(HttpPubSubSettings settings, Duration connectTimeout) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(connectTimeout)
			.followRedirects(HttpClient.Redirect.NEVER);
		SSLContext sslContext = sslContext(settings);
		if (sslContext != null) {
			builder.sslContext(sslContext);
		}
		return builder.build();
	}

	/**
	 * The SSL context for the client: the settings' one (from an SSL bundle); else, when no broadcaster is
	 * {@code https}, {@link PlainHttpSslContext#get() one that trusts nothing}, so that building the client
	 * does not build the JVM's default context (reading and parsing the {@code cacerts} trust store, a
	 * noticeable part of the starter's startup cost) for requests that never use TLS; else {@code null}:
	 * the JVM's default.
	 * @param settings the settings
	 * @return the SSL context, or {@code null} for the JVM's default
	 */
	static @Nullable SSLContext sslContext(HttpPubSubSettings settings) {
		if (settings.sslContext() != null) {
			return settings.sslContext();
		}
		boolean anyHttps = settings.broadcasters()
			.stream()
			.anyMatch((broadcaster) -> !"http".equalsIgnoreCase(broadcaster.getScheme()));
		return anyHttps ? null : PlainHttpSslContext.get();
	}

	HttpPubSubTransport(HttpClient httpClient, List<URI> broadcasters, int retries, Duration retryBackoff,
			ScheduledExecutorService scheduler) {
		this.httpClient = httpClient;
		this.broadcasters = broadcasters;
		this.retries = retries;
		this.retryBackoff = retryBackoff;
		this.scheduler = scheduler;
	}

	/**
	 * POST a request.
	 * @param path the path, e.g. {@code /v1/notify}
	 * @param body the body (re-subscribed on retries)
	 * @param authorization the {@code Authorization} header, or {@code null}
	 * @param timeout the per-attempt timeout
	 * @param conflictIsSuccess whether 409 counts as success (idempotent subscribe/unsubscribe)
	 * @return a future completed with the response body, or {@code null} for an accepted 409
	 */
	CompletableFuture<byte @Nullable []> post(String path, BodyPublisher body, @Nullable String authorization,
			Duration timeout, boolean conflictIsSuccess) {
		CompletableFuture<byte @Nullable []> result = new CompletableFuture<>();
		attempt(path, body, authorization, timeout, conflictIsSuccess, 0, result, null);
		return result;
	}

	private void attempt(String path, BodyPublisher body, @Nullable String authorization, Duration timeout,
			boolean conflictIsSuccess, int index, CompletableFuture<byte @Nullable []> result,
			@Nullable Throwable lastFailure) {
		int pass = index / this.broadcasters.size();
		if (pass >= this.retries) {
			result.completeExceptionally((lastFailure != null) ? lastFailure
					: new PubSubException("No broadcaster answered " + path));
			return;
		}
		URI base = this.broadcasters.get(index % this.broadcasters.size());
		HttpRequest.Builder request = HttpRequest.newBuilder(resolve(base, path))
			.timeout(timeout)
			.header("Content-Type", HttpPubSubProtocol.CONTENT_TYPE)
			.POST(body);
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		this.httpClient.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray())
			.whenComplete((response, ex) -> {
				Throwable failure;
				boolean retryable;
				if (ex != null) {
					Throwable cause = Failures.unwrap(ex);
					if (cause instanceof HttpTimeoutException) {
						failure = new PubSubTimeoutException("broadcaster " + base + " answering " + path, timeout);
						retryable = false;
					}
					else {
						failure = new PubSubConnectionLostException("Broadcaster " + base + " unreachable for " + path
								+ ": " + cause.getClass().getSimpleName(), cause);
						retryable = cause instanceof IOException;
					}
				}
				else {
					int status = response.statusCode();
					if (status == 200) {
						result.complete(response.body());
						return;
					}
					if (status == 409 && conflictIsSuccess) {
						result.complete(null);
						return;
					}
					failure = statusFailure(base, path, status);
					retryable = status == 502 || status == 503 || status == 504;
				}
				if (!retryable) {
					result.completeExceptionally(failure);
					return;
				}
				int next = index + 1;
				if (next % this.broadcasters.size() == 0 && next / this.broadcasters.size() < this.retries) {
					long delay = this.retryBackoff.toMillis() << Math.min(10, next / this.broadcasters.size() - 1);
					this.scheduler.schedule(() -> attempt(path, body, authorization, timeout, conflictIsSuccess, next,
							result, failure), delay, TimeUnit.MILLISECONDS);
				}
				else {
					attempt(path, body, authorization, timeout, conflictIsSuccess, next, result, failure);
				}
			});
	}

	private static URI resolve(URI base, String path) {
		String text = base.toString();
		return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) + path : text + path);
	}

	private static PubSubException statusFailure(URI base, String path, int status) {
		String message = "Broadcaster " + base + " answered " + path + " with HTTP " + status;
		return switch (status) {
			case 401 -> new PubSubAuthenticationException(message + " (authorization required)");
			case 403 -> new PubSubAuthenticationException(message + " (authorization refused)");
			case 400 -> new PubSubProtocolException(message + " (malformed request)");
			case 409 -> new PubSubException(message + " (subscription already exists or is missing)");
			case 502, 503, 504 -> new PubSubConnectionLostException(message + " (unavailable)");
			default -> new PubSubException(message);
		};
	}

}
