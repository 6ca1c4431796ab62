package dev.pubsub.listener;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.StaticListableBeanFactory;

import dev.pubsub.core.PubSubMessage;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link PubSubListenerAnnotationBeanPostProcessor} used outside a listable, configurable
 * bean factory: the misuse is named at once instead of surfacing later as a cast or null failure.
 */
class PubSubListenerAnnotationBeanPostProcessorMisuseTests {

	@Test
	void aBeanFactoryThatCannotBeConfiguredIsRefused() {
		PubSubListenerAnnotationBeanPostProcessor processor = new PubSubListenerAnnotationBeanPostProcessor();
		assertThatIllegalArgumentException().isThrownBy(() -> processor.setBeanFactory(new StaticListableBeanFactory()))
			.withMessageContaining("ConfigurableListableBeanFactory");
	}

	@Test
	void listenersFoundWithoutABeanFactoryFailWhenTheyAreRegistered() {
		PubSubListenerAnnotationBeanPostProcessor processor = new PubSubListenerAnnotationBeanPostProcessor();
		processor.postProcessAfterInitialization(new Listener(), "listener");
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(processor::afterSingletonsInstantiated)
			.withMessage("BeanFactory not set");
	}

	static class Listener {

		@PubSubListener("orders.*")
		void handle(PubSubMessage message) {
		}

	}

}
