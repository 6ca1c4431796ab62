package dev.pubsub.listener.aot;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.javapoet.ClassName;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.util.ReflectionUtils;

import dev.pubsub.core.PubSubHeaders;
import dev.pubsub.core.PubSubMessage;
import dev.pubsub.listener.PubSubListener;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PubSubListenerBeanRegistrationAotProcessor}.
 */
class PubSubListenerBeanRegistrationAotProcessorTests {

	@Test
	void isRegisteredInAotFactories() {
		assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
			.anyMatch(PubSubListenerBeanRegistrationAotProcessor.class::isInstance);
	}

	@Test
	void registersInvocationOfListenerMethodsAndBindingOfPayloadAndReturnTypes() {
		RuntimeHints hints = process(OrderListeners.class);
		Method onOrder = ReflectionUtils.findMethod(OrderListeners.class, "onOrder", Order.class, String.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(onOrder)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Order.class)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Order.class, "item")).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Receipt.class)
			.withMemberCategory(MemberCategory.INVOKE_DECLARED_CONSTRUCTORS)).accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Line.class)).as("nested type").accepts(hints);
	}

	@Test
	void looksIntoTheTypeArgumentsOfMessageWrappersAndFutures() {
		RuntimeHints hints = process(OrderListeners.class);
		assertThat(RuntimeHintsPredicates.reflection().onType(Shipment.class)).as("List<T>").accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Refund.class)).as("Message<T>").accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(Ack.class)).as("CompletableFuture<T>").accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(PubSubMessage.class)).as("starter types").rejects(hints);
		assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(Message.class))).rejects(hints);
	}

	@Test
	void contributesNothingForBeansWithoutListeners() {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("plain", new RootBeanDefinition(Order.class));
		assertThat(new PubSubListenerBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "plain"))).isNull();
	}

	private static RuntimeHints process(Class<?> beanClass) {
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerBeanDefinition("listeners", new RootBeanDefinition(beanClass));
		BeanRegistrationAotContribution contribution = new PubSubListenerBeanRegistrationAotProcessor()
			.processAheadOfTime(RegisteredBean.of(beanFactory, "listeners"));
		assertThat(contribution).isNotNull();
		DefaultGenerationContext context = new DefaultGenerationContext(new ClassNameGenerator(ClassName.OBJECT),
				new InMemoryGeneratedFiles());
		contribution.applyTo(context, null);
		return context.getRuntimeHints();
	}

	static class OrderListeners {

		@PubSubListener(value = "orders.*", client = "gateway")
		Receipt onOrder(Order order, @Header(PubSubHeaders.TOPIC) String topic) {
			return new Receipt(order.item());
		}

		@PubSubListener(value = "shipments", client = "gateway")
		void onShipment(List<Shipment> shipments, PubSubMessage message) {
		}

		@PubSubListener(value = "refunds", client = "gateway")
		CompletableFuture<Ack> onRefund(Message<Refund> message) {
			return CompletableFuture.completedFuture(new Ack(true));
		}

	}

	record Order(String item, List<Line> lines) {
	}

	record Line(String sku, int quantity) {
	}

	record Receipt(String item) {
	}

	record Shipment(String carrier) {
	}

	record Refund(long amount) {
	}

	record Ack(boolean ok) {
	}

}
