package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.messaging.converter.CompositeMessageConverter;
import org.springframework.messaging.converter.JacksonJsonMessageConverter;
import org.springframework.messaging.handler.annotation.support.DefaultMessageHandlerMethodFactory;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.InvocableHandlerMethod;
import org.springframework.util.MimeTypeUtils;

/**
 * The {@link MessageHandlerMethodFactory} of pub/sub listeners: Spring Messaging's
 * {@link DefaultMessageHandlerMethodFactory} with Framework 7's {@link JacksonJsonMessageConverter}
 * on the shared {@link JsonMapper}, raw {@code byte[]}/{@code String} payload conversion, and
 * resolvers for {@link dev.pubsub.core.PubSubMessage} and {@link dev.pubsub.core.ReplyHandle}
 * parameters.
 */
public class PubSubMessageHandlerMethodFactory implements MessageHandlerMethodFactory {

	private final DefaultMessageHandlerMethodFactory delegate = new DefaultMessageHandlerMethodFactory();

	/**
	 * Create a factory.
	 * @param jsonMapper the shared JSON mapper
	 * @param beanFactory the bean factory, for placeholders in {@code @Header} names
	 */
	public PubSubMessageHandlerMethodFactory(JsonMapper jsonMapper, BeanFactory beanFactory) {
		JacksonJsonMessageConverter jackson = new JacksonJsonMessageConverter(jsonMapper,
				MimeTypeUtils.APPLICATION_JSON, MimeTypeUtils.APPLICATION_OCTET_STREAM, MimeTypeUtils.TEXT_PLAIN);
		jackson.setStrictContentTypeMatch(false);
		this.delegate.setMessageConverter(
				new CompositeMessageConverter(List.of(new PubSubPayloadMessageConverter(), jackson)));
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
