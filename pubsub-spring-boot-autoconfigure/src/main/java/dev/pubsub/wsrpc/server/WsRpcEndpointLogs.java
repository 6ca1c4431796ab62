package dev.pubsub.wsrpc.server;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.pubsub.core.support.RateLimitedLog;

/**
 * The warnings a {@link WsRpcEndpointHandler} may write once per frame or per session, each
 * rate-limited on its own (one line per interval with the number suppressed); the exact numbers
 * are in {@link WsRpcServerMetrics}.
 */
final class WsRpcEndpointLogs {

	static final Log logger = LogFactory.getLog(WsRpcEndpointHandler.class);

	final RateLimitedLog malformed = new RateLimitedLog(logger);

	final RateLimitedLog failedRequest = new RateLimitedLog(logger);

	final RateLimitedLog refused = new RateLimitedLog(logger);

	final RateLimitedLog binary = new RateLimitedLog(logger);

	final RateLimitedLog oversized = new RateLimitedLog(logger);

	final RateLimitedLog slowConsumer = new RateLimitedLog(logger);

	final RateLimitedLog firstMessageTimeout = new RateLimitedLog(logger);

	final RateLimitedLog idleTimeout = new RateLimitedLog(logger);

}
