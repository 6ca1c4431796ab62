package dev.pubsub.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link PubSubSetupException} (for example {@code pubsub.channel-auth.enabled=true}
 * without Spring MVC) as Boot's startup failure description and action. Registered in
 * {@code META-INF/spring.factories}.
 */
public class PubSubSetupFailureAnalyzer extends AbstractFailureAnalyzer<PubSubSetupException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, PubSubSetupException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
