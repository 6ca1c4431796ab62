package dev.pubsub.listener;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.validation.annotation.Validated;

import dev.pubsub.autoconfigure.PubSubAutoConfiguration;
import dev.pubsub.core.PubSubHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@code @Valid} listener payloads, validated with Spring Boot's auto-configured
 * hibernate-validator, and for {@link PubSubListenerConfigurer}.
 */
class PubSubListenerValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class, ValidationAutoConfiguration.class));

	@Test
	void invalidPayloadReachesTheErrorHandlerNamingTheFieldAndValidOneReachesTheMethod() {
		this.contextRunner.withUserConfiguration(OneClient.class, ValidatingListener.class).run((context) -> {
			assertThat(context).hasBean("defaultValidator");
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			ValidatingListener listener = context.getBean(ValidatingListener.class);
			client.deliver("orders", "created", "{\"id\":\"bad\",\"amount\":-5}", Map.of(PubSubHeaders.MESSAGE_ID, "m-1"));
			client.deliver("orders", "created", "{\"id\":\"good\",\"amount\":5}", Map.of(PubSubHeaders.MESSAGE_ID, "m-2"));
			client.deliver("orders", "validated", "{\"id\":\" \",\"amount\":1}", Map.of(PubSubHeaders.MESSAGE_ID, "m-3"));
			await().until(() -> listener.valid.size() == 1 && listener.errors.size() == 2);
			assertThat(listener.valid).containsExactly(new Order("good", 5));
			// two listeners, two threads: pick each failure by listener id
			PubSubListenerExecutionFailedException amount = errorOf(listener, "validating.onOrder");
			MethodArgumentNotValidException notValid = PubSubListenerExceptions.findValidationFailure(amount);
			assertThat(notValid).isNotNull();
			assertThat(amount.getCause()).isSameAs(notValid);
			assertThat(notValid.getBindingResult().getFieldErrors()).singleElement()
				.satisfies((error) -> assertThat(error.getField()).isEqualTo("amount"));
			assertThat(notValid.getMessage()).contains("amount");
			assertThat(amount.isConversionFailure()).isTrue();
			// names the field and the constraint, never the rejected value from the network
			assertThat(amount.getMessage()).contains("failed validation: amount (Positive)").doesNotContain("-5");
			assertThat(PubSubListenerExceptions.isNotRetryable(amount)).isTrue();
			MethodArgumentNotValidException blankId = PubSubListenerExceptions
				.findValidationFailure(errorOf(listener, "validating.onValidated"));
			assertThat(blankId).isNotNull();
			assertThat(blankId.getBindingResult().getFieldErrors()).singleElement()
				.satisfies((error) -> assertThat(error.getField()).isEqualTo("id"));
		});
	}

	@Test
	void failureOfTheMethodItselfIsRetryable() {
		this.contextRunner.withUserConfiguration(OneClient.class, ValidatingListener.class).run((context) -> {
			LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
			ValidatingListener listener = context.getBean(ValidatingListener.class);
			client.deliver("orders", "created", "{\"id\":\"boom\",\"amount\":1}");
			await().until(() -> listener.errors.size() == 1);
			assertThat(PubSubListenerExceptions.findValidationFailure(listener.errors.get(0))).isNull();
			assertThat(PubSubListenerExceptions.isNotRetryable(listener.errors.get(0))).isFalse();
		});
	}

	@Test
	void withoutAValidatorValidIsNotEnforced() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(PubSubAutoConfiguration.class))
			.withUserConfiguration(OneClient.class, ValidatingListener.class)
			.run((context) -> {
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				ValidatingListener listener = context.getBean(ValidatingListener.class);
				client.deliver("orders", "created", "{\"id\":\"bad\",\"amount\":-5}");
				await().until(() -> listener.valid.size() == 1);
				assertThat(listener.errors).isEmpty();
			});
	}

	@Test
	void configurerSetsTheValidatorAndCustomArgumentResolvers() {
		this.contextRunner.withUserConfiguration(OneClient.class, ValidatingListener.class, CustomConfigurer.class)
			.run((context) -> {
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				ValidatingListener listener = context.getBean(ValidatingListener.class);
				// hibernate-validator would accept this one; the configurer's validator rejects it
				client.deliver("orders", "created", "{\"id\":\"vip\",\"amount\":5}");
				client.deliver("orders", "created", "{\"id\":\"bad\",\"amount\":-5}");
				client.deliver("orders", "tenant", "{\"id\":\"t-1\",\"amount\":1}");
				CustomConfigurer configurer = context.getBean(CustomConfigurer.class);
				await().until(() -> listener.errors.size() == 1 && listener.valid.size() == 1
						&& configurer.tenants.size() == 1);
				assertThat(PubSubListenerExceptions.findValidationFailure(listener.errors.get(0))
					.getBindingResult()
					.getFieldErrors()).singleElement().satisfies((error) -> assertThat(error.getField()).isEqualTo("id"));
				assertThat(listener.valid).containsExactly(new Order("bad", -5));
				assertThat(configurer.tenants).containsExactly("t-1/tenant-from-resolver");
			});
	}

	@Test
	void configurerCanReplaceTheMethodFactory() {
		this.contextRunner.withUserConfiguration(OneClient.class, ValidatingListener.class, MethodFactoryConfigurer.class)
			.run((context) -> {
				MethodFactoryConfigurer configurer = context.getBean(MethodFactoryConfigurer.class);
				assertThat(configurer.created).contains("validating.onOrder", "validating.onValidated");
				LoopbackPubSubClient client = context.getBean(LoopbackPubSubClient.class);
				ValidatingListener listener = context.getBean(ValidatingListener.class);
				// the replacement factory has no validator: @Valid is not enforced
				client.deliver("orders", "created", "{\"id\":\"bad\",\"amount\":-5}");
				await().until(() -> listener.valid.size() == 1);
				assertThat(listener.errors).isEmpty();
			});
	}

	private static PubSubListenerExecutionFailedException errorOf(ValidatingListener listener, String listenerId) {
		return listener.errors.stream()
			.filter((error) -> error.getListenerId().equals(listenerId))
			.findFirst()
			.orElseThrow();
	}

	record Order(@NotBlank String id, @Positive int amount) {
	}

	/** A parameter type resolved by the configurer's custom resolver. */
	record Tenant(String name) {
	}

	@Configuration(proxyBeanMethods = false)
	static class OneClient {

		@Bean
		LoopbackPubSubClient gateway() {
			return new LoopbackPubSubClient("gateway", false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ValidatingListener {

		final List<Order> valid = new CopyOnWriteArrayList<>();

		final List<PubSubListenerExecutionFailedException> errors = new CopyOnWriteArrayList<>();

		@Bean
		PubSubListenerErrorHandler recordingErrorHandler() {
			return (message, exception) -> {
				this.errors.add(exception);
				return null;
			};
		}

		@PubSubListener(id = "validating.onOrder", patterns = "orders.created")
		void onOrder(@Valid Order order) {
			if (order.id().equals("boom")) {
				throw new IllegalStateException("boom");
			}
			this.valid.add(order);
		}

		@PubSubListener(id = "validating.onValidated", patterns = "orders.validated")
		void onValidated(@Validated Order order) {
			this.valid.add(order);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomConfigurer {

		final List<String> tenants = new CopyOnWriteArrayList<>();

		/**
		 * Two unannotated parameters: startup validation accepts it because the configurer's
		 * resolver takes the second.
		 */
		@PubSubListener(id = "validating.onTenant", patterns = "orders.tenant")
		void onTenant(Order order, Tenant tenant) {
			this.tenants.add(order.id() + "/" + tenant.name());
		}

		@Bean
		PubSubListenerConfigurer customConfigurer() {
			return (registrar) -> {
				registrar.setValidator(new Validator() {

					@Override
					public boolean supports(Class<?> clazz) {
						return Order.class.equals(clazz);
					}

					@Override
					public void validate(Object target, Errors errors) {
						if (((Order) target).id().equals("vip")) {
							errors.rejectValue("id", "reserved", "vip is reserved");
						}
					}

				});
				registrar.setCustomMethodArgumentResolvers(new HandlerMethodArgumentResolver() {

					@Override
					public boolean supportsParameter(MethodParameter parameter) {
						return parameter.getParameterType() == Tenant.class;
					}

					@Override
					public Object resolveArgument(MethodParameter parameter, Message<?> message) {
						return new Tenant("tenant-from-resolver");
					}

				});
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MethodFactoryConfigurer implements PubSubListenerConfigurer {

		final List<String> created = new CopyOnWriteArrayList<>();

		@Override
		public void configurePubSubListeners(PubSubListenerEndpointRegistrar registrar) {
			PubSubMessageHandlerMethodFactory delegate = new PubSubMessageHandlerMethodFactory(
					new org.springframework.beans.factory.support.DefaultListableBeanFactory(), null, List.of());
			registrar.setMessageHandlerMethodFactory((bean, method) -> {
				this.created.add("validating." + method.getName());
				return delegate.createInvocableHandlerMethod(bean, method);
			});
		}

	}

}
