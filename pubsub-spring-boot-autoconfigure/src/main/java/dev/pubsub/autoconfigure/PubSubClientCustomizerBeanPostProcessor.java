package dev.pubsub.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.util.LambdaSafe;
import org.springframework.util.Assert;

import dev.pubsub.core.PubSubClient;

/**
 * Applies the {@link PubSubClientCustomizer} beans whose type argument matches a
 * {@link PubSubClient} bean to it, before its initialization (so before it connects). The generic
 * type is resolved with Spring Boot's {@link LambdaSafe}, as Boot does for its own customizers.
 */
public class PubSubClientCustomizerBeanPostProcessor implements BeanPostProcessor, BeanFactoryAware {

	private @Nullable ListableBeanFactory beanFactory;

	private volatile @Nullable List<PubSubClientCustomizer<?>> customizers;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ListableBeanFactory.class, beanFactory,
				"PubSubClientCustomizerBeanPostProcessor can only be used with a ListableBeanFactory");
		this.beanFactory = (ListableBeanFactory) beanFactory;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof PubSubClient client) {
			postProcessBeforeInitialization(client);
		}
		return bean;
	}

	@SuppressWarnings("unchecked")
	private void postProcessBeforeInitialization(PubSubClient client) {
		LambdaSafe.callbacks(PubSubClientCustomizer.class, getCustomizers(), client)
			.withLogger(PubSubClientCustomizerBeanPostProcessor.class)
			.invoke((customizer) -> customizer.customize(client));
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private List<PubSubClientCustomizer<?>> getCustomizers() {
		List<PubSubClientCustomizer<?>> current = this.customizers;
		if (current == null) {
			Assert.state(this.beanFactory != null, "BeanFactory not set");
			current = (List) this.beanFactory.getBeanProvider(PubSubClientCustomizer.class).orderedStream().toList();
			this.customizers = current;
		}
		return current;
	}

}
