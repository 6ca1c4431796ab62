package dev.pubsub.listener;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.validation.Validator;

/**
 * What a {@link PubSubListenerConfigurer} can set for the binding of {@link PubSubListener}
 * methods: the payload {@link Validator}, custom argument resolvers, the whole
 * {@link MessageHandlerMethodFactory}, or the default container factory.
 * <p>
 * Which method factory a listener uses, most specific first: the one its container factory was
 * constructed with ({@link PubSubListenerContainerFactory#PubSubListenerContainerFactory(MessageHandlerMethodFactory)}),
 * then the one set here, then a {@link PubSubMessageHandlerMethodFactory} with the validator and
 * resolvers set here. Without a validator set here, the context's validator is used: the bean named
 * {@code defaultValidator} (Spring Boot's {@code jakarta.validation} auto-configuration), otherwise
 * the only {@link Validator} bean, if any.
 */
public class PubSubListenerEndpointRegistrar {

	private @Nullable Validator validator;

	private final List<HandlerMethodArgumentResolver> customMethodArgumentResolvers = new ArrayList<>();

	private @Nullable MessageHandlerMethodFactory messageHandlerMethodFactory;

	private @Nullable String containerFactoryBeanName;

	/**
	 * Set the validator of {@code @Valid} and {@code @Validated} payloads; a failed validation
	 * reaches the error handler as Spring Messaging's
	 * {@link org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException}
	 * (the cause of the {@link PubSubListenerExecutionFailedException}). Ignored when a method
	 * factory is set.
	 * @param validator the validator
	 */
	public void setValidator(@Nullable Validator validator) {
		this.validator = validator;
	}

	/**
	 * Return the validator set by a configurer.
	 * @return the validator, or {@code null}
	 */
	public @Nullable Validator getValidator() {
		return this.validator;
	}

	/**
	 * Set argument resolvers consulted before the built-in ones (replacing any set earlier). Ignored
	 * when a method factory is set.
	 * @param resolvers the resolvers
	 */
	public void setCustomMethodArgumentResolvers(HandlerMethodArgumentResolver... resolvers) {
		this.customMethodArgumentResolvers.clear();
		this.customMethodArgumentResolvers.addAll(List.of(resolvers));
	}

	/**
	 * Return the custom argument resolvers.
	 * @return the resolvers, possibly empty
	 */
	public List<HandlerMethodArgumentResolver> getCustomMethodArgumentResolvers() {
		return List.copyOf(this.customMethodArgumentResolvers);
	}

	/**
	 * Set the method factory that creates the invocable listener methods, instead of the default
	 * {@link PubSubMessageHandlerMethodFactory}. It then also decides on validation and argument
	 * resolution.
	 * @param messageHandlerMethodFactory the method factory
	 */
	public void setMessageHandlerMethodFactory(@Nullable MessageHandlerMethodFactory messageHandlerMethodFactory) {
		this.messageHandlerMethodFactory = messageHandlerMethodFactory;
	}

	/**
	 * Return the method factory set by a configurer.
	 * @return the method factory, or {@code null}
	 */
	public @Nullable MessageHandlerMethodFactory getMessageHandlerMethodFactory() {
		return this.messageHandlerMethodFactory;
	}

	/**
	 * Set the bean name of the {@link PubSubListenerContainerFactory} used by listeners that do not
	 * name one in {@link PubSubListener#containerFactory()}, instead of
	 * {@value PubSubListenerConfigUtils#DEFAULT_CONTAINER_FACTORY_BEAN_NAME}.
	 * @param containerFactoryBeanName the bean name
	 */
	public void setContainerFactoryBeanName(@Nullable String containerFactoryBeanName) {
		this.containerFactoryBeanName = containerFactoryBeanName;
	}

	/**
	 * Return the bean name of the default container factory set by a configurer.
	 * @return the bean name, or {@code null}
	 */
	public @Nullable String getContainerFactoryBeanName() {
		return this.containerFactoryBeanName;
	}

}
