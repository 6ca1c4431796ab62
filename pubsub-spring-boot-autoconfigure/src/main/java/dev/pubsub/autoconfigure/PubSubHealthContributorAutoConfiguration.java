package dev.pubsub.autoconfigure;

import java.util.Map;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.CompositeHealthContributorConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import dev.pubsub.core.PubSubClient;

/**
 * Health contributor {@code pubsub}: one {@link PubSubClientHealthIndicator} per client, under
 * {@code /actuator/health/pubsub/<client>} (or directly when there is a single client).
 */
@AutoConfiguration(after = PubSubAutoConfiguration.class,
		afterName = { "dev.pubsub.autoconfigure.RealtimePubSubAutoConfiguration",
				"dev.pubsub.autoconfigure.RealtimeXAutoConfiguration",
				"dev.pubsub.autoconfigure.HttpPubSubAutoConfiguration",
				"dev.pubsub.autoconfigure.WsRpcAutoConfiguration",
				"dev.pubsub.autoconfigure.WsRpcServerAutoConfiguration",
				"dev.pubsub.autoconfigure.EmitterAutoConfiguration" })
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(PubSubClient.class)
@ConditionalOnEnabledHealthIndicator("pubsub")
public final class PubSubHealthContributorAutoConfiguration
		extends CompositeHealthContributorConfiguration<PubSubClientHealthIndicator, PubSubClient> {

	PubSubHealthContributorAutoConfiguration() {
		super(PubSubClientHealthIndicator::new);
	}

	@Bean
	@ConditionalOnMissingBean(name = { "pubsubHealthIndicator", "pubsubHealthContributor" })
	HealthContributor pubsubHealthContributor(Map<String, PubSubClient> clients) {
		return createContributor(clients);
	}

}
