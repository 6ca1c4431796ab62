package dev.pubsub.wsrpc;

import org.apache.commons.logging.Log;

import dev.pubsub.core.PubSubClientMetrics;
import dev.pubsub.core.PubSubProtocolException;
import dev.pubsub.core.support.LogSanitizer;
import dev.pubsub.core.support.RateLimitedLog;

/**
 * Counts the bad frames and failed requests of a wsrpc client's connections exactly and logs them at
 * most once per interval (one instance per client, so the limit spans reconnects).
 */
final class WsRpcFrameErrors implements WsRpcChannel.ErrorListener {

	private final String clientName;

	private final PubSubClientMetrics metrics;

	private final RateLimitedLog warnings;

	WsRpcFrameErrors(String clientName, PubSubClientMetrics metrics, Log logger) {
		this.clientName = clientName;
		this.metrics = metrics;
		this.warnings = new RateLimitedLog(logger);
	}

	@Override
	public void malformedFrame(PubSubProtocolException error) {
		this.metrics.malformedFrame();
		this.warnings.warn(() -> "Client '" + this.clientName + "' skipped a malformed frame: "
				+ LogSanitizer.sanitize(error.getMessage()));
	}

	@Override
	public void failedRequest(WsRpcFrame.Request request, Throwable error) {
		this.metrics.malformedFrame();
		this.warnings.warn(() -> "Client '" + this.clientName + "' could not handle '"
				+ LogSanitizer.sanitize(request.method(), 100) + "' from the server: "
				+ LogSanitizer.sanitize(error.getMessage()));
	}

	@Override
	public void unmatchedResponse(WsRpcFrame.Response response) {
		this.metrics.unmatchedResponse();
	}

}
