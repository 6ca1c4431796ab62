package dev.pubsub.httppubsub;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.util.Assert;

/**
 * The resolved settings of one {@link WebsocketHttpPubSubClient}.
 *
 * @param broadcasters base URLs of the broadcasters; the client connects to
 * {@code <base>/v1/websocket} of one at a time, the next one after each failure
 * @param toBroadcaster auth of the messages we send
 * @param toSubscriber auth of the messages the broadcaster sends
 * @param notifyTimeout how long a notify may take (the broadcaster confirms after the whole fan-out)
 * @param maxMessageSize largest received message; larger ones are acknowledged but dropped
 * @param partSize notifications larger than this go in acknowledged parts of this size
 * @param minimalHeaders whether to send minimal headers (values in a fixed order)
 */
public record WebsocketHttpPubSubSettings(List<URI> broadcasters, HttpPubSubAuth toBroadcaster,
		HttpPubSubAuth toSubscriber, Duration notifyTimeout, long maxMessageSize, int partSize,
		boolean minimalHeaders) {

	public WebsocketHttpPubSubSettings {
		Assert.notEmpty(broadcasters, "at least one broadcaster URL is required");
		Assert.isTrue(maxMessageSize > 0, "max-message-size must be positive");
		Assert.isTrue(partSize >= 512, "websocket-part-size must be at least 512 bytes");
		broadcasters = List.copyOf(broadcasters);
	}

	/**
	 * Return the websocket URL of a broadcaster.
	 * @param base the broadcaster's base URL
	 * @return {@code ws(s)://host:port[/prefix]/v1/websocket}
	 */
	public static URI websocketUrl(URI base) {
		String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
		String path = (base.getPath() != null) ? base.getPath() : "";
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return URI.create(scheme + "://" + base.getRawAuthority() + path + "/v1/websocket");
	}

}
