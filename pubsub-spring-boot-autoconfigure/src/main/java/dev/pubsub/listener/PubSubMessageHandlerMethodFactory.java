package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.List;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;

/**
 * The {@link MessageHandlerMethodFactory} of pub/sub listeners: Spring Messaging's
 * {@link DefaultMessageHandlerMethodFactory} (so {@code @Payload}, {@code @Header},
 * {@code @Headers}, {@code Message<?>} and validation resolve as everywhere in Spring) with a
 * payload converter that converts through the shared {@code JsonMapper} from the tree the provider
 * already parsed, and resolvers for {@link dev.pubsub.core.PubSubMessage} and
 * {@link dev.pubsub.core.ReplyHandle} parameters.
 */
public class PubSubMessageHandlerMethodFactory implements MessageHandlerMethodFactory {

	private final DefaultMessageHandlerMethodFactory delegate = new DefaultMessageHandlerMethodFactory();

	/**
	 * Create a factory.
	 * @param beanFactory the bean factory, for placeholders in {@code @Header} names
	 */
	public PubSubMessageHandlerMethodFactory(BeanFactory beanFactory) {
		this.delegate.setMessageConverter(new PubSubPayloadMessageConverter());
		this.delegate.setCustomArgumentResolvers(
				List.of(new PubSubMessageArgumentResolver(), new ReplyHandleArgumentResolver()));
		this.delegate.setBeanFactory(beanFactory);
		this.delegate.afterPropertiesSet();
	}

	@Override
	public InvocableHandlerMethod createInvocableHandlerMethod(Object bean, Method method) {
		return this.delegate.createInvocableHandlerMethod(bean, method);
	}

}
