package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.validation.Validator;

/**
 * The {@link MessageHandlerMethodFactory} of pub/sub listeners: Spring Messaging's
 * {@link DefaultMessageHandlerMethodFactory} (so {@code @Payload}, {@code @Header},
 * {@code @Headers}, {@code Message<?>} and {@code @Valid} resolve as everywhere in Spring) with a
 * payload converter that converts through the shared {@code JsonMapper} from the tree the provider
 * already parsed, and resolvers for {@link dev.pubsub.core.PubSubMessage} and
 * {@link dev.pubsub.core.ReplyHandle} parameters.
 * <p>
 * With a {@link Validator}, {@code @Valid} and {@code @Validated} payloads are validated after
 * conversion; a violation fails the invocation with Spring Messaging's
 * {@link org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException}.
 */
public class PubSubMessageHandlerMethodFactory implements MessageHandlerMethodFactory {

	private final DefaultMessageHandlerMethodFactory delegate = new DefaultMessageHandlerMethodFactory();

	/**
	 * Create a factory without validation or custom resolvers.
	 * @param beanFactory the bean factory, for placeholders in {@code @Header} names
	 */
	public PubSubMessageHandlerMethodFactory(BeanFactory beanFactory) {
		this(beanFactory, null, List.of());
	}

	/**
	 * Create a factory.
	 * @param beanFactory the bean factory, for placeholders in {@code @Header} names
	 * @param validator the validator of {@code @Valid} payloads, or {@code null} for none
	 * @param customArgumentResolvers resolvers consulted before the built-in ones
	 */
	public PubSubMessageHandlerMethodFactory(BeanFactory beanFactory, @Nullable Validator validator,
			List<HandlerMethodArgumentResolver> customArgumentResolvers) {
		this.delegate.setMessageConverter(new PubSubPayloadMessageConverter());
		List<HandlerMethodArgumentResolver> resolvers = new ArrayList<>(customArgumentResolvers);
		resolvers.add(new PubSubMessageArgumentResolver());
		resolvers.add(new ReplyHandleArgumentResolver());
		this.delegate.setCustomArgumentResolvers(resolvers);
		if (validator != null) {
			this.delegate.setValidator(validator);
		}
		this.delegate.setBeanFactory(beanFactory);
		this.delegate.afterPropertiesSet();
	}

	@Override
	public InvocableHandlerMethod createInvocableHandlerMethod(Object bean, Method method) {
		return this.delegate.createInvocableHandlerMethod(bean, method);
	}

}
