package dev.pubsub.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link WsRpcBroadcastSetupException} (for example {@code broadcast.type=redis} without
 * Spring Data Redis) as Boot's startup failure description and action. Registered in
 * {@code META-INF/spring.factories}.
 */
public class WsRpcBroadcastFailureAnalyzer extends AbstractFailureAnalyzer<WsRpcBroadcastSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, WsRpcBroadcastSetupException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
