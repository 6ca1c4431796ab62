package dev.pubsub.listener;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.PriorityOrdered;
import org.springframework.core.annotation.AliasFor;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Headers;
import org.springframework.messaging.handler.annotation.Payload;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.core.AwaitLimit;
import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.core.ReplyHandle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for binding {@link PubSubListener} methods: patterns, placeholders, meta-annotations,
 * argument conversion, replies, error handling and startup validation.
 */
class PubSubListenerBindingTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class));

	@Test
	void patternsPlaceholdersAndRepeatedAnnotationsBind() {
		this.contextRunner.withUserConfiguration(OneClient.class, RoutingListeners.class)
			.withPropertyValues("app.topic=orders")
			.run((context) -> {
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				RoutingListeners listeners = context.getBean(RoutingListeners.class);
				assertThat(client.remoteSubscribes).contains("orders.*", "chat.text-message", "audit.**");
				client.deliver("orders", "created", "{\"id\":\"o-1\",\"amount\":3}");
				client.deliver("chat", "text-message", "\"Hi\"");
				client.deliver("chat", "other", "\"ignored\"");
				client.deliver("audit", "x", "1");
				await().until(() -> listeners.received.size() == 4);
				assertThat(listeners.received).containsExactlyInAnyOrder("placeholder:orders.created",
						"meta:orders.created", "repeat:chat.text-message", "repeat:audit.x");
			});
	}

	@Test
	void argumentsAreConvertedWithJackson() {
		this.contextRunner.withUserConfiguration(OneClient.class, ConvertingListeners.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			ConvertingListeners listeners = context.getBean(ConvertingListeners.class);
			client.deliver("orders", "created", "{\"id\":\"o-1\",\"amount\":3}",
					Map.of(PubSubHeaders.MESSAGE_ID, "m-1"));
			client.deliver("text", "plain", "\"Hello, world!\"");
			client.deliver("text", "object", "{\"a\":1}");
			await().until(() -> listeners.received.size() == 9);
			assertThat(listeners.received).contains(new Order("o-1", 3), "tree:o-1", "bytes:23", "header:created/m-1",
					"headers:orders", "receivedAt:true", "message:orders.created", "string:Hello, world!", "string:{\"a\":1}");
		});
	}

	@Test
	void payloadAsConvertsToPrimitiveWrappersAndGenericTypes() {
		LoopbackPubSubClient client = new LoopbackPubSubClient("direct", true);
		java.util.concurrent.CompletableFuture<PubSubMessage> seen = new java.util.concurrent.CompletableFuture<>();
		client.subscribe("n.*", seen::complete);
		client.deliver("n", "v", "42");
		PubSubMessage message = AwaitLimit.join(seen);
		assertThat(message.payloadAs(int.class)).isEqualTo(42);
		assertThat(message.payloadAs(Integer.class)).isEqualTo(42);
		assertThat(message.asString()).isEqualTo("42");
		client.destroy();
	}

	@Test
	void returnValuesAndFuturesAreSentAsReplies() {
		this.contextRunner.withUserConfiguration(OneClient.class, ReplyingListeners.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			client.deliver("orders", "created", "{\"id\":\"o-1\",\"amount\":3}");
			client.deliver("orders", "async", "{\"id\":\"o-2\",\"amount\":1}");
			client.deliver("orders", "explicit", "{\"id\":\"o-3\",\"amount\":1}");
			await().until(() -> client.replies.size() == 3);
			assertThat(client.replies).extracting(LoopbackPubSubClient.Reply::data)
				.containsExactlyInAnyOrder(new Ack("o-1", "accepted"), new Ack("o-2", "later"), "seen o-3");
			assertThat(client.replies).filteredOn((reply) -> reply.data().equals("seen o-3"))
				.singleElement()
				.satisfies((reply) -> assertThat(reply.options().status()).isEqualTo("done"));
		});
	}

	@Test
	void failingListenerGoesToTheErrorHandlerAndOthersKeepWorking() {
		this.contextRunner.withUserConfiguration(OneClient.class, FailingListeners.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			FailingListeners listeners = context.getBean(FailingListeners.class);
			client.deliver("jobs", "run", "{\"id\":\"j-1\",\"amount\":1}");
			client.deliver("jobs", "run", "not json at all");
			client.deliver("jobs", "run", "{\"id\":\"j-2\",\"amount\":2}");
			await().until(() -> listeners.errors.size() == 3 && listeners.healthy.size() == 3);
			assertThat(listeners.errors).filteredOn((e) -> e.isConversionFailure()).hasSize(1);
			assertThat(listeners.errors).allSatisfy((e) -> assertThat(e.getMessage()).contains("jobs.run")
				.contains("'failing'")
				.doesNotContain("not json"));
			assertThat(client.metrics().listenerErrors()).isEqualTo(3);
			assertThat(client.replies).extracting(LoopbackPubSubClient.Reply::data).contains("fallback");
		});
	}

	@Test
	void listenerOnClassProxyIsFound() {
		this.contextRunner.withUserConfiguration(OneClient.class, ProxiedListener.class, ClassProxyCreator.class)
			.run((context) -> {
				assertThat(context.getBean(ProxiedListener.class).getClass().getName()).contains("SpringCGLIB");
				context.getBean(LoopbackPubSubClient.class).deliver("proxied", "event", "1");
				await().until(() -> ProxiedListener.received.contains("proxied.event"));
			});
	}

	@Test
	void listenerOnJdkProxyMethodNotOnTheInterfaceFailsWithAHint() {
		this.contextRunner.withUserConfiguration(OneClient.class, JdkProxiedListener.class, JdkProxyCreator.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("pull it up to an interface"));
	}

	@Test
	void autoStartupFalseLeavesTheContainerStoppedUntilStarted() {
		this.contextRunner.withUserConfiguration(OneClient.class, LateListener.class).run((context) -> {
			PubSubListenerEndpointRegistry registry = context.getBean(PubSubListenerEndpointRegistry.class);
			PubSubListenerContainer container = registry.getListenerContainer("late");
			assertThat(container).isNotNull();
			assertThat(container.isRunning()).isFalse();
			container.start();
			assertThat(container.isRunning()).isTrue();
			assertThat(registry.getListenerContainerIds()).contains("late");
		});
	}

	@Test
	void concurrencySpreadsTopicsOverThreadsAndKeepsEachTopicInOrder() {
		this.contextRunner.withUserConfiguration(OneClient.class, ConcurrentListener.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			ConcurrentListener listener = context.getBean(ConcurrentListener.class);
			for (int i = 0; i < 200; i++) {
				for (String topic : List.of("t1", "t2", "t3", "t4", "t5", "t6")) {
					client.deliver(topic, "seq", String.valueOf(i));
				}
			}
			await().until(() -> listener.seen.values().stream().mapToInt(List::size).sum() == 1200);
			listener.seen.values().forEach((sequence) -> assertThat(sequence).isSorted().hasSize(200));
			assertThat(listener.threads).hasSizeBetween(2, 3);
		});
	}

	@Test
	void twoPayloadParametersFailAtStartupNamingTheMethod() {
		this.contextRunner.withUserConfiguration(OneClient.class, TwoPayloads.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("TwoPayloads.handle(Order, String)")
				.hasStackTraceContaining("more than one parameter could receive the payload"));
	}

	@Test
	void replyHandleOnAClientWithoutRepliesFailsAtStartup() {
		this.contextRunner.withUserConfiguration(NoReplyClient.class, ReplyHandleListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("is a ReplyHandle but client 'webhooks'"));
	}

	@Test
	void omittedClientWithSeveralClientsFailsListingTheChoices() {
		this.contextRunner.withUserConfiguration(TwoClients.class, RoutingListeners.class)
			.withPropertyValues("app.topic=orders")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("does not name its client")
				.hasStackTraceContaining("[gateway, other]"));
	}

	@Test
	void unknownClientFailsListingTheChoices() {
		this.contextRunner.withUserConfiguration(OneClient.class, UnknownClientListener.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("names client 'nope', which does not exist; configured clients: [gateway]"));
	}

	@Test
	void duplicateIdsFail() {
		this.contextRunner.withUserConfiguration(OneClient.class, DuplicateIds.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("already registered with id 'same'"));
	}

	record Order(String id, int amount) {
	}

	record Ack(String id, String status) {
	}

	@Configuration(proxyBeanMethods = false)
	static class OneClient {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoClients {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", true);
		}

		@Bean
		LoopbackPubSubClient other() {
			return new LoopbackPubSubClient("other", true);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoReplyClient {

		@Bean
		LoopbackPubSubClient webhooks() {
			return new LoopbackPubSubClient("webhooks", false);
		}

	}

	@Target(ElementType.METHOD)
	@Retention(RetentionPolicy.RUNTIME)
	@PubSubListener
	@interface OrderEvents {

		@AliasFor(annotation = PubSubListener.class, attribute = "patterns")
		String[] value() default "orders.*";

		@AliasFor(annotation = PubSubListener.class, attribute = "id")
		String id() default "";

	}

	static class RoutingListeners {

		final List<String> received = new CopyOnWriteArrayList<>();

		@PubSubListener("${app.topic}.*")
		void placeholder(PubSubMessage message) {
			this.received.add("placeholder:" + message.routingKey());
		}

		@OrderEvents(id = "meta")
		void meta(PubSubMessage message) {
			this.received.add("meta:" + message.routingKey());
		}

		@PubSubListener("chat.text-message")
		@PubSubListener(patterns = "#{'audit' + '.**'}")
		void repeat(PubSubMessage message) {
			this.received.add("repeat:" + message.routingKey());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConvertingListeners {

		final List<Object> received = new CopyOnWriteArrayList<>();

		@PubSubListener("orders.created")
		void record(Order order) {
			this.received.add(order);
		}

		@PubSubListener("orders.created")
		void tree(@Payload JsonNode tree) {
			this.received.add("tree:" + tree.get("id").asString());
		}

		@PubSubListener("orders.created")
		void bytes(byte[] bytes) {
			this.received.add("bytes:" + bytes.length);
		}

		@PubSubListener("orders.created")
		void header(@Header(PubSubHeaders.MESSAGE_TYPE) String type, @Header(PubSubHeaders.MESSAGE_ID) String id) {
			this.received.add("header:" + type + "/" + id);
		}

		@PubSubListener("orders.created")
		void headers(@Headers Map<String, Object> headers, Order order) {
			this.received.add("headers:" + headers.get(PubSubHeaders.TOPIC));
			this.received.add("receivedAt:" + (headers.get(PubSubHeaders.RECEIVED_AT) instanceof java.time.Instant));
		}

		@PubSubListener("orders.created")
		void message(PubSubMessage message) {
			this.received.add("message:" + message.routingKey());
		}

		@PubSubListener("text.*")
		void string(String text) {
			this.received.add("string:" + text);
		}

	}

	static class ReplyingListeners {

		@PubSubListener("orders.created")
		Ack created(Order order) {
			return new Ack(order.id(), "accepted");
		}

		@PubSubListener("orders.async")
		CompletableFuture<Ack> async(Order order) {
			return CompletableFuture.supplyAsync(() -> new Ack(order.id(), "later"));
		}

		@PubSubListener("orders.explicit")
		void explicit(Order order, ReplyHandle reply) {
			reply.reply("seen " + order.id(), "done", false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FailingListeners {

		final List<PubSubListenerExecutionFailedException> errors = new CopyOnWriteArrayList<>();

		final List<Order> healthy = new CopyOnWriteArrayList<>();

		@Bean
		PubSubListenerErrorHandler recordingErrorHandler() {
			return (message, exception) -> {
				this.errors.add(exception);
				return "fallback";
			};
		}

		@PubSubListener(value = "jobs.run", id = "failing", errorHandler = "recordingErrorHandler")
		void failing(Order order) {
			throw new IllegalStateException("cannot run " + order.id());
		}

		@PubSubListener(value = "jobs.run", id = "healthy", errorHandler = "recordingErrorHandler")
		void healthy(PubSubMessage message) {
			this.healthy.add(new Order(message.routingKey(), 0));
		}

	}

	static class ProxiedListener {

		static final List<String> received = new CopyOnWriteArrayList<>();

		@PubSubListener("proxied.event")
		public void handle(PubSubMessage message) {
			received.add(message.routingKey());
		}

	}

	static class ClassProxyCreator implements BeanPostProcessor, PriorityOrdered {

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof ProxiedListener) {
				ProxyFactory factory = new ProxyFactory(bean);
				factory.setProxyTargetClass(true);
				return factory.getProxy();
			}
			return bean;
		}

	}

	interface Marker {

		void other();

	}

	static class JdkProxiedListener implements Marker {

		@Override
		public void other() {
		}

		@PubSubListener("jdk.event")
		public void handle(PubSubMessage message) {
		}

	}

	static class JdkProxyCreator implements BeanPostProcessor, PriorityOrdered {

		@Override
		public int getOrder() {
			return HIGHEST_PRECEDENCE;
		}

		@Override
		public Object postProcessAfterInitialization(Object bean, String beanName) {
			if (bean instanceof JdkProxiedListener) {
				ProxyFactory factory = new ProxyFactory(bean);
				factory.addInterface(Marker.class);
				factory.setProxyTargetClass(false);
				return factory.getProxy();
			}
			return bean;
		}

	}

	static class ConcurrentListener {

		final Map<String, List<Integer>> seen = new java.util.concurrent.ConcurrentHashMap<>();

		final java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();

		@PubSubListener(value = "*.seq", concurrency = "${listener.threads:3}")
		void handle(int seq, @Header(PubSubHeaders.TOPIC) String topic) {
			this.threads.add(Thread.currentThread().getName());
			this.seen.computeIfAbsent(topic, (key) -> new CopyOnWriteArrayList<>()).add(seq);
		}

	}

	static class LateListener {

		@PubSubListener(value = "late.*", id = "late", autoStartup = "false")
		void handle(PubSubMessage message) {
		}

	}

	static class TwoPayloads {

		@PubSubListener("a.b")
		void handle(Order order, String other) {
		}

	}

	static class ReplyHandleListener {

		@PubSubListener("a.b")
		void handle(PubSubMessage message, ReplyHandle reply) {
		}

	}

	static class UnknownClientListener {

		@PubSubListener(value = "a.b", client = "nope")
		void handle(PubSubMessage message) {
		}

	}

	static class DuplicateIds {

		@PubSubListener(value = "a.b", id = "same")
		void one(PubSubMessage message) {
		}

		@PubSubListener(value = "a.c", id = "same")
		void two(PubSubMessage message) {
		}

	}

}
