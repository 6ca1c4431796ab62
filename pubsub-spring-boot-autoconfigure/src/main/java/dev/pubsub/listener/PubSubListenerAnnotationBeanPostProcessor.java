package dev.pubsub.listener;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanExpressionContext;
import org.springframework.beans.factory.config.BeanExpressionResolver;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.messaging.handler.annotation.support.MessageHandlerMethodFactory;
import org.springframework.messaging.handler.invocation.HandlerMethodArgumentResolver;
import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.validation.Validator;

import dev.pubsub.core.PubSubClient;

/**
 * Finds {@link PubSubListener} methods on finished (possibly proxied) beans and registers one
 * {@link PubSubListenerEndpoint} per annotation with the {@link PubSubListenerEndpointRegistry}.
 * <p>
 * Collection happens in {@link #postProcessAfterInitialization}; resolution of the client, the
 * container factory and the error handler, signature validation and registration happen in
 * {@link #afterSingletonsInstantiated()}, once every bean exists. Classes without listeners are
 * remembered so they are inspected only once.
 * <p>
 * Before the first registration, every {@link PubSubListenerConfigurer} bean configures a
 * {@link PubSubListenerEndpointRegistrar}, which decides the method factory of the listeners (with
 * the context's validator unless a configurer set another). Each listener's container comes from
 * the {@link PubSubListener#containerFactory() named} container factory, or the default one.
 */
public class PubSubListenerAnnotationBeanPostProcessor
		implements BeanPostProcessor, Ordered, BeanFactoryAware, SmartInitializingSingleton {

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final List<CollectedListener> collected = new ArrayList<>();

	private @Nullable ConfigurableListableBeanFactory beanFactory;

	private @Nullable BeanExpressionContext expressionContext;

	private volatile boolean initialized;

	private @Nullable PubSubListenerContainerFactory defaultContainerFactory;

	private @Nullable MessageHandlerMethodFactory methodFactory;

	private volatile List<HandlerMethodArgumentResolver> customResolvers = List.of();

	private volatile @Nullable String registrarContainerFactoryBeanName;

	/**
	 * The bean name of Spring Boot's validator ({@code ValidationAutoConfiguration}), preferred
	 * when several {@link Validator} beans exist (Spring MVC adds {@code mvcValidator}).
	 */
	static final String DEFAULT_VALIDATOR_BEAN_NAME = "defaultValidator";

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		Assert.isInstanceOf(ConfigurableListableBeanFactory.class, beanFactory);
		this.beanFactory = (ConfigurableListableBeanFactory) beanFactory;
		this.expressionContext = new BeanExpressionContext(this.beanFactory, null);
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass)) {
			return bean;
		}
		Map<Method, Set<PubSubListener>> methods = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<Set<PubSubListener>>) (method) -> {
					Set<PubSubListener> annotations = AnnotatedElementUtils.findMergedRepeatableAnnotations(method,
							PubSubListener.class, PubSubListeners.class);
					return annotations.isEmpty() ? null : annotations;
				});
		if (methods.isEmpty()) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		List<CollectedListener> found = new ArrayList<>();
		methods.forEach((method, annotations) -> {
			Method invocable = checkProxy(method, bean, beanName);
			int index = 0;
			for (PubSubListener annotation : annotations) {
				found.add(new CollectedListener(bean, beanName, invocable, annotation, index++));
			}
		});
		if (this.initialized) {
			found.forEach(this::register);
		}
		else {
			synchronized (this.collected) {
				this.collected.addAll(found);
			}
		}
		return bean;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<CollectedListener> toRegister;
		synchronized (this.collected) {
			toRegister = new ArrayList<>(this.collected);
			this.collected.clear();
		}
		toRegister.forEach(this::register);
		this.initialized = true;
	}

	private Method checkProxy(Method method, Object bean, String beanName) {
		try {
			return AopUtils.selectInvocableMethod(method, bean.getClass());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException("@PubSubListener method " + PubSubListenerEndpoint.describe(method)
					+ " on bean '" + beanName + "' is not callable through the bean's JDK proxy; pull it up to an "
					+ "interface the proxy implements, or use class-based proxies (proxyTargetClass = true)", ex);
		}
	}

	private void register(CollectedListener listener) {
		ConfigurableListableBeanFactory factory = beanFactory();
		PubSubListenerEndpoint endpoint = toEndpoint(listener);
		PubSubClient client = resolveClient(endpoint);
		for (String pattern : endpoint.patterns()) {
			try {
				client.validatePattern(pattern);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalStateException("Invalid pattern '" + pattern + "' on @PubSubListener method "
						+ endpoint.methodDescription() + " for client '" + client.name() + "': " + ex.getMessage(), ex);
			}
		}
		MessageHandlerMethodFactory methodFactory = methodFactory();
		List<HandlerMethodArgumentResolver> resolvers = this.customResolvers;
		PubSubListenerMethodValidator.validate(endpoint, client,
				(parameter) -> resolvers.stream().anyMatch((resolver) -> resolver.supportsParameter(parameter)));
		PubSubListenerContainerFactory containerFactory = containerFactory(endpoint);
		PubSubListenerErrorHandler errorHandler = (endpoint.errorHandlerBeanName() != null)
				? factory.getBean(endpoint.errorHandlerBeanName(), PubSubListenerErrorHandler.class)
				: containerFactory.getErrorHandler();
		factory.getBean(PubSubListenerConfigUtils.PUBSUB_LISTENER_ENDPOINT_REGISTRY_BEAN_NAME,
				PubSubListenerEndpointRegistry.class)
			.registerListenerContainer(endpoint, client, containerFactory, methodFactory, errorHandler);
	}

	private synchronized MessageHandlerMethodFactory methodFactory() {
		if (this.methodFactory == null) {
			ConfigurableListableBeanFactory factory = beanFactory();
			PubSubListenerEndpointRegistrar registrar = new PubSubListenerEndpointRegistrar();
			factory.getBeanProvider(PubSubListenerConfigurer.class)
				.orderedStream()
				.forEach((configurer) -> configurer.configurePubSubListeners(registrar));
			this.registrarContainerFactoryBeanName = registrar.getContainerFactoryBeanName();
			MessageHandlerMethodFactory configured = registrar.getMessageHandlerMethodFactory();
			if (configured != null) {
				this.methodFactory = configured;
			}
			else {
				Validator validator = (registrar.getValidator() != null) ? registrar.getValidator()
						: contextValidator(factory);
				this.customResolvers = registrar.getCustomMethodArgumentResolvers();
				this.methodFactory = new PubSubMessageHandlerMethodFactory(factory, validator, this.customResolvers);
			}
		}
		return this.methodFactory;
	}

	private static @Nullable Validator contextValidator(ConfigurableListableBeanFactory factory) {
		if (factory.containsBean(DEFAULT_VALIDATOR_BEAN_NAME)
				&& factory.isTypeMatch(DEFAULT_VALIDATOR_BEAN_NAME, Validator.class)) {
			return factory.getBean(DEFAULT_VALIDATOR_BEAN_NAME, Validator.class);
		}
		return factory.getBeanProvider(Validator.class).getIfUnique();
	}

	private PubSubListenerEndpoint toEndpoint(CollectedListener listener) {
		PubSubListener annotation = listener.annotation();
		String methodDescription = PubSubListenerEndpoint.describe(listener.method());
		List<String> patterns = resolvePatterns(annotation.patterns(), methodDescription);
		if (patterns.isEmpty()) {
			throw new IllegalStateException(
					"@PubSubListener method " + methodDescription + " on bean '" + listener.beanName()
							+ "' declares no pattern; set value or patterns");
		}
		String id = resolveString(annotation.id(), "id");
		if (!StringUtils.hasText(id)) {
			id = listener.beanName() + "." + listener.method().getName()
					+ ((listener.index() > 0) ? "#" + listener.index() : "");
		}
		String clientName = resolveString(annotation.client(), "client");
		String concurrency = resolveString(annotation.concurrency(), "concurrency");
		String autoStartup = resolveString(annotation.autoStartup(), "autoStartup");
		String errorHandler = resolveString(annotation.errorHandler(), "errorHandler");
		String subscribe = resolveString(annotation.subscribe(), "subscribe");
		String containerFactory = resolveString(annotation.containerFactory(), "containerFactory");
		return new PubSubListenerEndpoint(id, patterns, StringUtils.hasText(clientName) ? clientName : null,
				listener.bean(), listener.beanName(), listener.method(),
				StringUtils.hasText(concurrency) ? parseConcurrency(concurrency, methodDescription) : null,
				StringUtils.hasText(autoStartup) ? parseBoolean(autoStartup, "autoStartup", methodDescription) : null,
				StringUtils.hasText(errorHandler) ? errorHandler : null,
				StringUtils.hasText(subscribe) ? parseBoolean(subscribe, "subscribe", methodDescription) : null,
				StringUtils.hasText(containerFactory) ? containerFactory.trim() : null);
	}

	private PubSubClient resolveClient(PubSubListenerEndpoint endpoint) {
		ConfigurableListableBeanFactory factory = beanFactory();
		List<String> names = Arrays.asList(factory.getBeanNamesForType(PubSubClient.class));
		String requested = endpoint.clientName();
		if (requested == null) {
			if (names.size() == 1) {
				return factory.getBean(names.get(0), PubSubClient.class);
			}
			throw new IllegalStateException("@PubSubListener method " + endpoint.methodDescription()
					+ " does not name its client and " + (names.isEmpty()
							? "no pub/sub client is configured; add one under pubsub.clients.<name>"
							: names.size() + " clients exist; set client to one of " + names));
		}
		if (!names.contains(requested)) {
			throw new IllegalStateException("@PubSubListener method " + endpoint.methodDescription()
					+ " names client '" + requested + "', which does not exist; configured clients: " + names);
		}
		return factory.getBean(requested, PubSubClient.class);
	}

	private PubSubListenerContainerFactory containerFactory(PubSubListenerEndpoint endpoint) {
		ConfigurableListableBeanFactory factory = beanFactory();
		String name = (endpoint.containerFactoryBeanName() != null) ? endpoint.containerFactoryBeanName()
				: this.registrarContainerFactoryBeanName;
		if (name != null) {
			if (!factory.containsBean(name) || !factory.isTypeMatch(name, PubSubListenerContainerFactory.class)) {
				throw new IllegalStateException("@PubSubListener method " + endpoint.methodDescription()
						+ ((endpoint.containerFactoryBeanName() != null) ? " names" : " uses the registrar's")
						+ " containerFactory '" + name + "', but there is no PubSubListenerContainerFactory bean "
						+ "of that name; container factories: "
						+ Arrays.asList(factory.getBeanNamesForType(PubSubListenerContainerFactory.class)));
			}
			return factory.getBean(name, PubSubListenerContainerFactory.class);
		}
		if (factory.containsBean(PubSubListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME)) {
			return factory.getBean(PubSubListenerConfigUtils.DEFAULT_CONTAINER_FACTORY_BEAN_NAME,
					PubSubListenerContainerFactory.class);
		}
		if (this.defaultContainerFactory == null) {
			this.defaultContainerFactory = new PubSubListenerContainerFactory();
		}
		return this.defaultContainerFactory;
	}

	private List<String> resolvePatterns(String[] values, String methodDescription) {
		List<String> patterns = new ArrayList<>();
		for (String value : values) {
			Object resolved = resolveExpression(value);
			if (resolved instanceof String text) {
				if (StringUtils.hasText(text)) {
					patterns.add(text);
				}
			}
			else if (resolved instanceof String[] array) {
				patterns.addAll(Arrays.asList(array));
			}
			else if (resolved instanceof Collection<?> collection) {
				collection.forEach((element) -> patterns.add(String.valueOf(element)));
			}
			else if (resolved != null) {
				throw new IllegalStateException("@PubSubListener patterns of " + methodDescription
						+ " must resolve to a String, String[] or Collection, not " + resolved.getClass().getName());
			}
		}
		return patterns;
	}

	private @Nullable String resolveString(String value, String attribute) {
		Object resolved = resolveExpression(value);
		if (resolved == null || resolved instanceof String) {
			return (String) resolved;
		}
		if (resolved instanceof Number || resolved instanceof Boolean) {
			return resolved.toString();
		}
		throw new IllegalStateException("@PubSubListener." + attribute + " must resolve to a String, not "
				+ resolved.getClass().getName());
	}

	private @Nullable Object resolveExpression(String value) {
		ConfigurableListableBeanFactory factory = beanFactory();
		String resolved = factory.resolveEmbeddedValue(value);
		BeanExpressionResolver resolver = factory.getBeanExpressionResolver();
		if (resolver == null || resolved == null) {
			return resolved;
		}
		return resolver.evaluate(resolved, this.expressionContext);
	}

	private static int parseConcurrency(String value, String methodDescription) {
		try {
			int concurrency = Integer.parseInt(value.trim());
			if (concurrency < 1) {
				throw new NumberFormatException();
			}
			return concurrency;
		}
		catch (NumberFormatException ex) {
			throw new IllegalStateException("@PubSubListener.concurrency of " + methodDescription
					+ " must be a positive integer, but resolved to '" + value + "'");
		}
	}

	private static boolean parseBoolean(String value, String attribute, String methodDescription) {
		String trimmed = value.trim();
		if ("true".equalsIgnoreCase(trimmed) || "false".equalsIgnoreCase(trimmed)) {
			return Boolean.parseBoolean(trimmed);
		}
		throw new IllegalStateException("@PubSubListener." + attribute + " of " + methodDescription
				+ " must be true or false, but resolved to '" + value + "'");
	}

	private ConfigurableListableBeanFactory beanFactory() {
		Assert.state(this.beanFactory != null, "BeanFactory not set");
		return this.beanFactory;
	}

	private record CollectedListener(Object bean, String beanName, Method method, PubSubListener annotation,
			int index) {
	}

}
