package dev.pubsub.wsrpc.server;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * Limits of a {@link WsRpcEndpointHandler}.
 *
 * @param maxSubscriptionsPerSession how many topics one session may hold; a {@code subscribe}
 * beyond it answers {@code false}
 * @param sendBufferSizeLimit bytes that may wait in one session's outbound queue; beyond it the
 * session is closed as a slow consumer
 * @param sendTimeLimit how long one send to a session may take before the session is closed as a
 * slow consumer
 * @param notifyTimeout how long a {@code sync} publish waits for one subscriber's answer
 */
public record WsRpcEndpointSettings(int maxSubscriptionsPerSession, int sendBufferSizeLimit, Duration sendTimeLimit,
		Duration notifyTimeout) {

	/**
	 * Validate.
	 */
	public WsRpcEndpointSettings {
		Assert.isTrue(maxSubscriptionsPerSession > 0, "maxSubscriptionsPerSession must be positive");
		Assert.isTrue(sendBufferSizeLimit > 0, "sendBufferSizeLimit must be positive");
		Assert.isTrue(sendTimeLimit.toMillis() > 0, "sendTimeLimit must be positive");
		Assert.isTrue(notifyTimeout.toMillis() > 0, "notifyTimeout must be positive");
	}

	/**
	 * The defaults: 1000 topics per session, 1 MiB and 5 s per session's outbound queue, 5 s notify
	 * timeout.
	 * @return the settings
	 */
	public static WsRpcEndpointSettings defaults() {
		return new WsRpcEndpointSettings(1000, 1024 * 1024, Duration.ofSeconds(5), Duration.ofSeconds(5));
	}

}
