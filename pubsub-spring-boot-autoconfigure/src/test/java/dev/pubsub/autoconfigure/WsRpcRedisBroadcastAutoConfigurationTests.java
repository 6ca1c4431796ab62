package dev.pubsub.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.pubsub.wsrpc.broadcast.RedisWsRpcBroadcaster;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcastBridge;
import dev.pubsub.wsrpc.broadcast.WsRpcBroadcaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tests for {@link WsRpcRedisBroadcastAutoConfiguration}, {@link WsRpcBroadcastFailureAnalyzer} and
 * {@link WsRpcBroadcastHealthContributorAutoConfiguration}: Redis fan-out is on Boot's connection
 * from {@code spring.data.redis.*}, and never silently off.
 */
@ExtendWith(OutputCaptureExtension.class)
class WsRpcRedisBroadcastAutoConfigurationTests {

	/** Nothing listens on port 1: connections are refused at once. */
	private static final String UNREACHABLE = "127.0.0.1:1";

	private static final FilteredClassLoader WITHOUT_REDIS = new FilteredClassLoader("org.springframework.data.redis",
			"org.springframework.boot.data.redis", "io.lettuce");

	private final WebApplicationContextRunner server = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, WsRpcServerAutoConfiguration.class,
				DataRedisAutoConfiguration.class, WsRpcRedisBroadcastAutoConfiguration.class,
				WsRpcBroadcastAutoConfiguration.class, WsRpcBroadcastHealthContributorAutoConfiguration.class))
		.withPropertyValues("pubsub.wsrpc.server.enabled=true", "pubsub.wsrpc.server.broadcast.recovery-interval=200ms");

	private static FailureAnalysis analyze(Throwable failure) {
		FailureAnalysis analysis = new WsRpcBroadcastFailureAnalyzer().analyze(failure);
		assertThat(analysis).as("failure analysis of " + failure).isNotNull();
		return analysis;
	}

	@Test
	void redisTypeWithoutSpringDataRedisFailsStartupNamingTheDependency() {
		this.server.withClassLoader(WITHOUT_REDIS)
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("pubsub.wsrpc.server.broadcast.type=redis")
					.contains("Spring Data Redis")
					.contains("org.springframework.data.redis.connection.RedisConnectionFactory");
				assertThat(analysis.getAction())
					.contains("org.springframework.boot:spring-boot-starter-data-redis")
					.contains("spring.data.redis.*")
					.contains("pubsub.wsrpc.server.broadcast.type=none");
			});
	}

	@Test
	void theSameStartupOfARealApplicationReportsTheAnalysis(CapturedOutput output) {
		SpringApplication application = new SpringApplication(new DefaultResourceLoader(WITHOUT_REDIS), App.class);
		application.setWebApplicationType(WebApplicationType.SERVLET);
		application.setDefaultProperties(java.util.Map.of("server.port", "0", "server.address", "127.0.0.1",
				"spring.main.banner-mode", "off", "pubsub.wsrpc.server.enabled", "true",
				"pubsub.wsrpc.server.broadcast.type", "redis"));
		assertThatThrownBy(application::run).isInstanceOf(WsRpcBroadcastSetupException.class);
		// Boot's FailureAnalyzers found the analyzer through META-INF/spring.factories
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("pubsub.wsrpc.server.broadcast.type=redis needs Spring Data Redis")
			.contains("Action:")
			.contains("Add the dependency org.springframework.boot:spring-boot-starter-data-redis");
	}

	@Test
	void withoutRedisClassesOtherTypesStartAsBefore() {
		this.server.withClassLoader(WITHOUT_REDIS).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(WsRpcBroadcaster.class);
		});
	}

	@Test
	void aBroadcasterOfTheApplicationNeedsNoRedisClasses() {
		this.server.withClassLoader(WITHOUT_REDIS)
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis")
			.withBean(WsRpcBroadcaster.class, NoopBroadcaster::new)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(WsRpcBroadcaster.class).isInstanceOf(NoopBroadcaster.class);
				assertThat(context).hasSingleBean(WsRpcBroadcastBridge.class);
			});
	}

	@Test
	void redisTypeWithoutAConnectionFactoryFailsNamingTheStarter() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, WsRpcServerAutoConfiguration.class,
					WsRpcRedisBroadcastAutoConfiguration.class, WsRpcBroadcastAutoConfiguration.class))
			.withPropertyValues("pubsub.wsrpc.server.enabled=true", "pubsub.wsrpc.server.broadcast.type=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("needs one RedisConnectionFactory bean")
					.contains("has 0");
				assertThat(analysis.getAction()).contains("spring-boot-starter-data-redis");
			});
	}

	@Test
	void theRemovedRedisUrlFailsWithItsReplacement() {
		this.server
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis",
					"pubsub.wsrpc.server.broadcast.redis-url=redis://" + UNREACHABLE)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("pubsub.wsrpc.server.broadcast.redis-url");
				assertThat(analysis.getAction()).contains("spring.data.redis.url");
			});
	}

	@Test
	void usesTheConnectionBootBuildsFromSpringDataRedisUrl() {
		this.server
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis",
					"pubsub.wsrpc.server.broadcast.channel=Events", "pubsub.wsrpc.server.broadcast.max-pending=64KB",
					"spring.data.redis.url=rediss://fanout:s3cret@" + UNREACHABLE + "/3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RedisWsRpcBroadcaster broadcaster = context.getBean(RedisWsRpcBroadcaster.class);
				assertThat(broadcaster.channel()).isEqualTo("Events");
				RedisConnectionFactory shared = context.getBean(RedisConnectionFactory.class);
				assertThat(broadcaster.connectionFactory()).isSameAs(shared);
				LettuceConnectionFactory lettuce = (LettuceConnectionFactory) shared;
				assertThat(lettuce.isUseSsl()).isTrue();
				assertThat(lettuce.getHostName()).isEqualTo("127.0.0.1");
				assertThat(lettuce.getPort()).isEqualTo(1);
				assertThat(lettuce.getDatabase()).isEqualTo(3);
				assertThat(lettuce.getStandaloneConfiguration().getUsername()).isEqualTo("fanout");
				assertThat(lettuce.getStandaloneConfiguration().getPassword().get()).isEqualTo("s3cret".toCharArray());
				assertThat(context).hasSingleBean(WsRpcBroadcastBridge.class);
			});
	}

	@Test
	void usesHostPortUsernamePasswordAndDatabaseProperties() {
		this.server
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=1", "spring.data.redis.username=fanout", "spring.data.redis.password=pw",
					"spring.data.redis.database=5")
			.run((context) -> {
				LettuceConnectionFactory lettuce = (LettuceConnectionFactory) context.getBean(RedisWsRpcBroadcaster.class)
					.connectionFactory();
				assertThat(lettuce.isUseSsl()).isFalse();
				assertThat(lettuce.getDatabase()).isEqualTo(5);
				assertThat(lettuce.getStandaloneConfiguration().getUsername()).isEqualTo("fanout");
			});
	}

	@Test
	void noneTypeCreatesNoBroadcasterEvenWithRedisPresent() {
		this.server.run((context) -> {
			assertThat(context).hasSingleBean(RedisConnectionFactory.class);
			assertThat(context).doesNotHaveBean(WsRpcBroadcaster.class);
			assertThat(context).doesNotHaveBean(WsRpcBroadcastHealthIndicator.class);
		});
	}

	@Test
	void healthIsDownWithTheChannelWhileRedisIsUnreachable() {
		this.server
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis",
					"pubsub.wsrpc.server.broadcast.health-timeout=10s", "spring.data.redis.url=redis://" + UNREACHABLE)
			.run((context) -> {
				assertThat(context).hasBean("wsrpcBroadcastHealthIndicator");
				Health health = context.getBean(WsRpcBroadcastHealthIndicator.class).health(true);
				assertThat(health.getStatus()).isEqualTo(Status.DOWN);
				assertThat(health.getDetails()).containsEntry("backend", "redis")
					.containsEntry("channel", "EventNotifier")
					.containsEntry("reachable", false)
					.containsKey("error");
			});
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		this.server
			.withPropertyValues("pubsub.wsrpc.server.broadcast.type=redis",
					"management.health.wsrpc-broadcast.enabled=false", "spring.data.redis.url=redis://" + UNREACHABLE)
			.run((context) -> assertThat(context).doesNotHaveBean(WsRpcBroadcastHealthIndicator.class));
	}

	@Test
	void userBroadcasterThatCannotTellIsUnknown() {
		this.server.withBean(WsRpcBroadcaster.class, NoopBroadcaster::new).run((context) -> {
			assertThat(context.getBean(WsRpcBroadcastBridge.class).isRunning()).isTrue();
			Health health = context.getBean(WsRpcBroadcastHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		});
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class App {

	}

	static final class NoopBroadcaster implements WsRpcBroadcaster {

		@Override
		public void start(Consumer<String> receiver) {
		}

		@Override
		public CompletableFuture<Void> publish(String text) {
			return CompletableFuture.completedFuture(null);
		}

		@Override
		public void stop() {
		}

	}

}
