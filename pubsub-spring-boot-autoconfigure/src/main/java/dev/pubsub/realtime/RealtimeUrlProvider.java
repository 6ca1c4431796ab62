package dev.pubsub.realtime;

import java.net.URI;

/**
 * Supplies the full WebSocket URL of a Realtime gateway connection (the seed's
 * {@code url_provider}), asked again before every attempt. The default builds
 * {@code <url>/apps/<appId>?access_token=<token>} from the properties and a
 * {@link RealtimeAccessTokenProvider}.
 */
@FunctionalInterface
public interface RealtimeUrlProvider {

	/**
	 * Return the URL of the next connection attempt.
	 * @return the URL
	 */
	URI url();

	/**
	 * The standard gateway URL.
	 * @param baseUrl the gateway base URL, e.g. {@code wss://genesis.r7.21no.de}
	 * @param appId the application id
	 * @param tokens the token provider
	 * @return the URL provider
	 */
	static RealtimeUrlProvider of(String baseUrl, String appId, RealtimeAccessTokenProvider tokens) {
		String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
		return () -> URI.create(base + "/apps/" + encode(appId) + "?access_token=" + encode(tokens.accessToken()));
	}

	private static String encode(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
