package dev.pubsub.core;

import java.util.Map;

/**
 * Implemented by clients that know whether the server holds the remote subscriptions their local
 * subscriptions need. While one is not held (refused, forbidden, not yet confirmed), the client may
 * be connected but does not receive everything it should; the health indicator reports it as
 * {@code OUT_OF_SERVICE} and lists the topics.
 */
public interface RemoteSubscriptionStatus {

	/**
	 * Return the wanted remote subscriptions the server does not hold now, each with the reason
	 * (already {@linkplain dev.pubsub.core.support.LogSanitizer sanitized}). The client keeps
	 * retrying them.
	 * @return topic to reason, empty when every wanted subscription is held
	 */
	Map<String, String> unheldSubscriptions();

}
