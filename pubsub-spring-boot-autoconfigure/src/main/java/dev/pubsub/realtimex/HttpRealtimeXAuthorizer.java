package dev.pubsub.realtimex;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fetches signatures from your backend's auth endpoint, as the RealtimeX SDK does: {@code POST}
 * with a JSON body {@code {"socket_id": ..., "channel_name": ...}} and
 * {@code Authorization: Bearer <api key>} (unless headers configured here replace it), expecting
 * {@code 200 {"auth": ..., "channel_data"?: ...}}. Anything else fails the subscription; nothing
 * is sent to the server then. An https endpoint is trusted with the JVM's default trust store, or
 * with the {@link SSLContext} given (the auto-configuration's {@code auth-endpoint-ssl.bundle}).
 */
public class HttpRealtimeXAuthorizer implements RealtimeXAuthorizer {

	private final HttpClient httpClient;

	private final URI endpoint;

	private final Map<String, String> headers;

	private final Duration timeout;

	private final JsonMapper jsonMapper;

	/**
	 * Create an authorizer.
	 * @param endpoint the auth endpoint
	 * @param apiKey the RealtimeX api key sent as bearer token, or {@code null}
	 * @param headers extra headers (for your own session or token); an {@code Authorization}
	 * header here replaces the api key
	 * @param timeout the timeout of one request
	 * @param jsonMapper the mapper
	 */
	public HttpRealtimeXAuthorizer(URI endpoint, @Nullable String apiKey, Map<String, String> headers,
			Duration timeout, JsonMapper jsonMapper) {
		this(endpoint, apiKey, headers, timeout, jsonMapper, null);
	}

	/**
	 * Create an authorizer that calls an https endpoint with its own TLS settings.
	 * @param endpoint the auth endpoint
	 * @param apiKey the RealtimeX api key sent as bearer token, or {@code null}
	 * @param headers extra headers (for your own session or token); an {@code Authorization}
	 * header here replaces the api key
	 * @param timeout the timeout of one request
	 * @param jsonMapper the mapper
	 * @param sslContext the TLS context of the calls (trust store, client certificate), or
	 * {@code null} for the JVM's default
	 */
	public HttpRealtimeXAuthorizer(URI endpoint, @Nullable String apiKey, Map<String, String> headers,
			Duration timeout, JsonMapper jsonMapper, @Nullable SSLContext sslContext) {
		this.endpoint = endpoint;
		Map<String, String> all = new LinkedHashMap<>();
		if (apiKey != null && !apiKey.isEmpty()) {
			all.put("Authorization", "Bearer " + apiKey);
		}
		headers.forEach((name, value) -> {
			all.keySet().removeIf(name::equalsIgnoreCase);
			all.put(name, value);
		});
		this.headers = all;
		this.timeout = timeout;
		this.jsonMapper = jsonMapper;
		HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
		if (sslContext != null) {
			builder.sslContext(sslContext);
		}
		this.httpClient = builder.build();
	}

	@Override
	public CompletableFuture<RealtimeXChannelAuth> authorize(String channelName, String socketId) {
		Map<String, String> body = new LinkedHashMap<>();
		body.put("socket_id", socketId);
		body.put("channel_name", channelName);
		HttpRequest.Builder request = HttpRequest.newBuilder(this.endpoint)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(this.jsonMapper.writeValueAsString(body)));
		this.headers.forEach(request::header);
		return this.httpClient.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
			.thenApply((response) -> parse(channelName, response));
	}

	private RealtimeXChannelAuth parse(String channelName, HttpResponse<String> response) {
		if (response.statusCode() != 200) {
			throw new RealtimeXSubscriptionException(channelName,
					"Auth endpoint answered " + response.statusCode() + " for channel '" + channelName + "'");
		}
		try {
			JsonNode json = this.jsonMapper.readTree(response.body());
			JsonNode auth = json.get("auth");
			if (auth == null || !auth.isString() || auth.asString().isEmpty()) {
				throw new RealtimeXSubscriptionException(channelName,
						"Auth endpoint returned no 'auth' for channel '" + channelName + "'");
			}
			JsonNode channelData = json.get("channel_data");
			String data = (channelData != null && channelData.isString()) ? channelData.asString() : null;
			if (channelName.startsWith("presence-") && data == null) {
				throw new RealtimeXSubscriptionException(channelName,
						"Auth endpoint returned no 'channel_data' for presence channel '" + channelName + "'");
			}
			return new RealtimeXChannelAuth(auth.asString(), data);
		}
		catch (JacksonException ex) {
			throw new RealtimeXSubscriptionException(channelName,
					"Auth endpoint returned malformed JSON for channel '" + channelName + "'");
		}
	}

}
