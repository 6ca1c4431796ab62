package dev.pubsub.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.Ordered;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.SubscribeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for how {@link PubSubListenerAnnotationBeanPostProcessor} turns {@link PubSubListener}
 * attributes into endpoints with {@link EnablePubSub} alone (no auto-configuration): ids, patterns
 * and attributes from placeholders and SpEL, and the startup failures that name the method and
 * the value that was wrong.
 */
class PubSubListenerAnnotationBeanPostProcessorTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(Infrastructure.class);

	@Test
	void runsAfterEveryOtherPostProcessorSoItSeesTheFinishedProxies() {
		assertThat(new PubSubListenerAnnotationBeanPostProcessor().getOrder()).isEqualTo(Ordered.LOWEST_PRECEDENCE);
	}

	@Test
	void attributesAreResolvedFromPlaceholdersAndSpel() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("resolvedListeners", ResolvedListeners.class)
			.withPropertyValues("app.concurrency= 3 ", "app.start=TRUE", "app.subscribe=False")
			.run((context) -> {
				PubSubListenerEndpointRegistry registry = context.getBean(PubSubListenerEndpointRegistry.class);
				assertThat(registry.getListenerContainerIds()).containsExactlyInAnyOrder("42", "arrays", "collections",
						"resolvedListeners.defaults", "resolvedListeners.repeated", "resolvedListeners.repeated#1");
				PubSubListenerContainer resolved = registry.getListenerContainer("42");
				assertThat(resolved.getSubscribeOptions().concurrency()).isEqualTo(3);
				assertThat(resolved.getSubscribeOptions().remoteSubscribe()).isFalse();
				assertThat(resolved.isAutoStartup()).isTrue();
				assertThat(resolved.isRunning()).isTrue();
				assertThat(registry.getListenerContainer("arrays").getEndpoint().patterns()).containsExactly("a.*",
						"b.*");
				assertThat(registry.getListenerContainer("collections").getEndpoint().patterns())
					.containsExactly("c.*", "d.*");
				PubSubListenerEndpoint defaults = registry.getListenerContainer("resolvedListeners.defaults")
					.getEndpoint();
				assertThat(defaults.clientName()).isNull();
				assertThat(defaults.concurrency()).isNull();
				assertThat(defaults.autoStartup()).isNull();
				assertThat(defaults.remoteSubscribe()).isNull();
				assertThat(defaults.errorHandlerBeanName()).isNull();
				assertThat(defaults.containerFactoryBeanName()).isNull();
				assertThat(defaults.patterns()).containsExactly("e.*");
				assertThat(registry.getListenerContainer("resolvedListeners.repeated").getEndpoint().patterns())
					.containsExactly("f.*");
				assertThat(registry.getListenerContainer("resolvedListeners.repeated#1").getEndpoint().patterns())
					.containsExactly("g.*");
				// no container factory bean: one default factory with its defaults
				assertThat(defaults).isNotNull();
				assertThat(registry.getListenerContainer("resolvedListeners.defaults").getSubscribeOptions())
					.isEqualTo(new SubscribeOptions(1, 10_000, dev.pubsub.core.OverflowPolicy.BLOCK, true, Map.of(),
							SubscribeOptions.DEFAULT_SHUTDOWN_TIMEOUT));
			});
	}

	@Test
	void theNamedErrorHandlerBeanHandlesTheListenersFailures() {
		this.contextRunner.withUserConfiguration(OneClient.class, ErrorHandlerListener.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			ErrorHandlerListener listener = context.getBean(ErrorHandlerListener.class);
			client.deliver("jobs", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "j-1"));
			await().until(() -> listener.handled.size() == 1);
			assertThat(listener.handled).containsExactly("handled:j-1");
		});
	}

	@Test
	void aListenerBeanCreatedAfterStartupIsRegisteredAndStartedAtOnce() {
		this.contextRunner.withUserConfiguration(OneClient.class, LazyListenerConfiguration.class).run((context) -> {
			PubSubListenerEndpointRegistry registry = context.getBean(PubSubListenerEndpointRegistry.class);
			assertThat(registry.getListenerContainerIds()).isEmpty();
			LazyListener listener = context.getBean(LazyListener.class);
			assertThat(registry.getListenerContainerIds()).containsExactly("lazy");
			assertThat(registry.getListenerContainer("lazy").isRunning()).isTrue();
			context.getBean(LoopbackPubSubClient.class).deliver("late", "run", "1", Map.of(PubSubHeaders.MESSAGE_ID, "l-1"));
			await().until(() -> listener.received.contains("l-1"));
		});
	}

	@Test
	void aListenerWithoutPatternsFails() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("noPatternListener", NoPatternListener.class)
			.run((context) -> assertStartupFailure(context,
					"@PubSubListener method " + NoPatternListener.class.getName() + ".onJob(String) on bean "
							+ "'noPatternListener' declares no pattern; set value or patterns"));
	}

	@Test
	void aConcurrencyThatIsNotAPositiveIntegerFails() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("concurrencyListener", ConcurrencyListener.class)
			.withPropertyValues("app.concurrency=0")
			.run((context) -> assertStartupFailure(context, "@PubSubListener.concurrency of "
					+ ConcurrencyListener.class.getName() + ".onJob(String) must be a positive integer, but resolved to '0'"));
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("concurrencyListener", ConcurrencyListener.class)
			.withPropertyValues("app.concurrency=many")
			.run((context) -> assertStartupFailure(context, "must be a positive integer, but resolved to 'many'"));
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("concurrencyListener", ConcurrencyListener.class)
			.withPropertyValues("app.concurrency=1")
			.run((context) -> assertThat(context.getBean(PubSubListenerEndpointRegistry.class)
				.getListenerContainer("concurrency")
				.getSubscribeOptions()
				.concurrency()).isEqualTo(1));
	}

	@Test
	void aFlagThatIsNotTrueOrFalseFails() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("flagListener", FlagListener.class)
			.withPropertyValues("app.start=yes", "app.subscribe=true")
			.run((context) -> assertStartupFailure(context, "@PubSubListener.autoStartup of "
					+ FlagListener.class.getName() + ".onJob(String) must be true or false, but resolved to 'yes'"));
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("flagListener", FlagListener.class)
			.withPropertyValues("app.start=false", "app.subscribe=1")
			.run((context) -> assertStartupFailure(context, "@PubSubListener.subscribe of "
					+ FlagListener.class.getName() + ".onJob(String) must be true or false, but resolved to '1'"));
	}

	@Test
	void patternsThatResolveToAnotherTypeFail() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("numberPatternListener", NumberPatternListener.class)
			.run((context) -> assertStartupFailure(context,
					"@PubSubListener patterns of " + NumberPatternListener.class.getName()
							+ ".onJob(String) must resolve to a String, String[] or Collection, not java.lang.Integer"));
	}

	@Test
	void anAttributeThatResolvesToAnotherTypeFails() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("listClientListener", ListClientListener.class)
			.run((context) -> assertStartupFailure(context,
					"@PubSubListener.client must resolve to a String, not java.util."));
	}

	@Test
	void aPatternTheClientRefusesFailsNamingPatternMethodAndClient() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("blankPatternListener", BlankPatternListener.class)
			.run((context) -> assertStartupFailure(context, "Invalid pattern ' ' on @PubSubListener method "
					+ BlankPatternListener.class.getName() + ".onJob(String) for client 'gateway': pattern must not be blank"));
	}

	@Test
	void withoutAnyClientTheFailureSaysHowToAddOne() {
		this.contextRunner.withBean("noPatternNeededListener", NoPatternNeededListener.class)
			.run((context) -> assertStartupFailure(context, "@PubSubListener method "
					+ NoPatternNeededListener.class.getName() + ".onJob(String) does not name its client and no pub/sub "
					+ "client is configured; add one under pubsub.clients.<name>"));
	}

	@Test
	void aRegistrarContainerFactoryThatDoesNotExistFails() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("noPatternNeededListener", NoPatternNeededListener.class)
			.withBean("strictFactory", String.class, () -> "not a factory")
			.withBean(PubSubListenerConfigurer.class,
					() -> (registrar) -> registrar.setContainerFactoryBeanName("strictFactory"))
			.run((context) -> assertStartupFailure(context, "@PubSubListener method "
					+ NoPatternNeededListener.class.getName() + ".onJob(String) uses the registrar's containerFactory "
					+ "'strictFactory', but there is no PubSubListenerContainerFactory bean of that name; container "
					+ "factories: []"));
	}

	@Test
	void theRegistrarsContainerFactoryIsUsedByListenersThatNameNone() {
		this.contextRunner.withUserConfiguration(OneClient.class).withBean("noPatternNeededListener", NoPatternNeededListener.class)
			.withBean("strictFactory", PubSubListenerContainerFactory.class, () -> {
				PubSubListenerContainerFactory factory = new PubSubListenerContainerFactory();
				factory.setQueueCapacity(3);
				return factory;
			})
			.withBean(PubSubListenerConfigurer.class,
					() -> (registrar) -> registrar.setContainerFactoryBeanName("strictFactory"))
			.run((context) -> assertThat(context.getBean(PubSubListenerEndpointRegistry.class)
				.getListenerContainer("any")
				.getSubscribeOptions()
				.queueCapacity()).isEqualTo(3));
	}

	private static void assertStartupFailure(AssertableApplicationContext context, String message) {
		assertThat(context).hasFailed();
		assertThat(context.getStartupFailure()).hasStackTraceContaining(message);
	}

	@Configuration(proxyBeanMethods = false)
	@EnablePubSub
	static class Infrastructure {

	}

	@Configuration(proxyBeanMethods = false)
	static class OneClient {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", false);
		}

	}

	static class ResolvedListeners {

		@PubSubListener(id = "#{40 + 2}", patterns = "x.*", client = "gateway", concurrency = "${app.concurrency}",
				autoStartup = "${app.start}", subscribe = "${app.subscribe}")
		void resolved(String payload) {
		}

		@PubSubListener(id = "arrays", patterns = "#{'a.*,b.*'.split(',')}", concurrency = "#{2}")
		void arrays(String payload) {
		}

		@PubSubListener(id = "collections", patterns = { "#{T(java.util.List).of('c.*', 'd.*')}", "${app.none:}" },
				autoStartup = "#{true}")
		void collections(String payload) {
		}

		@PubSubListener("e.*")
		void defaults(String payload) {
		}

		@PubSubListener("f.*")
		@PubSubListener("g.*")
		void repeated(String payload) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ErrorHandlerListener {

		final List<String> handled = new CopyOnWriteArrayList<>();

		@Bean
		PubSubListenerErrorHandler recordingErrorHandler() {
			return (message, failure) -> {
				this.handled.add("handled:" + message.headers().get(PubSubHeaders.MESSAGE_ID));
				return null;
			};
		}

		@PubSubListener(patterns = "jobs.*", errorHandler = "recordingErrorHandler")
		void onJob(PubSubMessage message) {
			throw new IllegalStateException("fails");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LazyListenerConfiguration {

		@Bean
		@Lazy
		LazyListener lazyListener() {
			return new LazyListener();
		}

	}

	static class LazyListener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@PubSubListener(id = "lazy", patterns = "late.*")
		void onJob(PubSubMessage message) {
			this.received.add(String.valueOf(message.headers().get(PubSubHeaders.MESSAGE_ID)));
		}

	}

	static class NoPatternListener {

		@PubSubListener(patterns = "${app.none:}")
		void onJob(String payload) {
		}

	}

	static class ConcurrencyListener {

		@PubSubListener(id = "concurrency", patterns = "jobs.*", concurrency = "${app.concurrency}")
		void onJob(String payload) {
		}

	}

	static class FlagListener {

		@PubSubListener(patterns = "jobs.*", autoStartup = "${app.start}", subscribe = "${app.subscribe}")
		void onJob(String payload) {
		}

	}

	static class NumberPatternListener {

		@PubSubListener(patterns = "#{42}")
		void onJob(String payload) {
		}

	}

	static class ListClientListener {

		@PubSubListener(patterns = "jobs.*", client = "#{T(java.util.List).of('a')}")
		void onJob(String payload) {
		}

	}

	static class BlankPatternListener {

		@PubSubListener(patterns = "#{' ,jobs.*'.split(',')}")
		void onJob(String payload) {
		}

	}

	static class NoPatternNeededListener {

		@PubSubListener(id = "any", patterns = "jobs.*")
		void onJob(String payload) {
		}

	}

}
