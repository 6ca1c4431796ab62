package dev.pubsub.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.pubsub.core.support.AbstractPubSubClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubHealthContributorAutoConfiguration} and
 * {@link PubSubMetricsAutoConfiguration}.
 */
class PubSubObservabilityAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
				PubSubHealthContributorAutoConfiguration.class, PubSubMetricsAutoConfiguration.class));

	@Test
	void healthHasOneIndicatorPerClientReportingDownWhileDisconnected() {
		this.contextRunner.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("gateway"))
			.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("backend"))
			.run((context) -> {
				HealthContributor contributor = context.getBean("pubsubHealthContributor", HealthContributor.class);
				assertThat(contributor).isInstanceOf(CompositeHealthContributor.class);
				HealthIndicator gateway = (HealthIndicator) ((CompositeHealthContributor) contributor)
					.getContributor("gateway");
				assertThat(gateway.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(gateway.health().getDetails()).containsEntry("state", "DISCONNECTED")
					.containsEntry("type", "realtime");
			});
	}

	@Test
	void healthBacksOffWithoutClientsOrWhenDisabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean("pubsubHealthContributor"));
		this.contextRunner.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("gateway"))
			.withPropertyValues("management.health.pubsub.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("pubsubHealthContributor"));
	}

	@Test
	void metricsAreExportedPerClient() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("gateway"))
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(PubSubClientMetricsBinder.class).bindTo(registry);
				assertThat(registry.get("pubsub.client.messages.received").tag("client", "gateway").functionCounter()
					.count()).isZero();
				assertThat(registry.get("pubsub.client.connected").tag("type", "realtime").gauge().value()).isZero();
			});
	}

	@Test
	void inboundByteBudgetIsBoundPerClientAndReportedInHealthAndMetrics() {
		this.contextRunner.withUserConfiguration(Registry.class)
			.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("gateway"))
			.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("backend"))
			.withPropertyValues("pubsub.clients.gateway.inbound.max-buffered-bytes=4MB")
			.run((context) -> {
				assertThat(context.getBean("gateway", AbstractPubSubClient.class).inboundBudget().maxBytes())
					.isEqualTo(4L * 1024 * 1024);
				assertThat(context.getBean("backend", AbstractPubSubClient.class).inboundBudget().maxBytes())
					.as("default").isEqualTo(64L * 1024 * 1024);
				HealthIndicator gateway = (HealthIndicator) ((CompositeHealthContributor) context
					.getBean("pubsubHealthContributor", HealthContributor.class)).getContributor("gateway");
				assertThat(gateway.health().getDetails()).containsEntry("inboundMaxBytes", 4L * 1024 * 1024)
					.containsEntry("inboundBufferedBytes", 0L)
					.containsEntry("inboundPeakBytes", 0L)
					.containsEntry("backPressureWaits", 0L);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				context.getBean(PubSubClientMetricsBinder.class).bindTo(registry);
				assertThat(registry.get("pubsub.client.inbound.buffered.max").tag("client", "gateway").gauge().value())
					.isEqualTo(4.0 * 1024 * 1024);
				assertThat(registry.get("pubsub.client.inbound.buffered").tag("client", "gateway").gauge().value())
					.isZero();
			});
	}

	@Test
	void metricsBackOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues(RealtimePubSubAutoConfigurationTests.realtime("gateway"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(PubSubClientMetricsBinder.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class Registry {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
