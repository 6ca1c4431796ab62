package dev.pubsub.listener.aot;

import java.lang.reflect.Method;
import java.net.URL;
import java.security.CodeSource;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.ReflectionHints;
import org.springframework.beans.factory.aot.BeanRegistrationAotContribution;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.beans.factory.support.RegisteredBean;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;

import dev.pubsub.listener.PubSubListener;
import dev.pubsub.listener.PubSubListeners;

/**
 * Registers, for Spring's AOT processing, the reflection hints a bean's {@link PubSubListener}
 * methods need at run time: invocation of each listener method, and Jackson binding hints (the
 * type, its constructors, accessors and fields, recursively, as for
 * {@code @RegisterReflectionForBinding}) for every parameter and return type. The platform's types
 * ({@code List<T>}, {@code Message<T>}, {@code CompletableFuture<T>}, ...) and the starter's own (classes
 * loaded from the starter's jar, such as {@code PubSubMessage}) are not registered; their type
 * arguments are.
 * <p>
 * Registered in {@code META-INF/spring/aot.factories}; like Spring's own hints for
 * {@code @EventListener} and spring-kafka's for {@code @KafkaListener}.
 */
public class PubSubListenerBeanRegistrationAotProcessor implements BeanRegistrationAotProcessor {

	/** Packages whose types are the platform's, not application payloads. */
	private static final String[] INFRASTRUCTURE_PACKAGES = { "java.", "javax.", "jakarta.", "kotlin.",
			"org.springframework.", "reactor.", "tools.jackson.", "com.fasterxml.jackson." };

	/** Where the starter's own classes come from: its types are not application payloads either. */
	private static final @Nullable URL STARTER_LOCATION = location(PubSubListener.class);

	@Override
	public @Nullable BeanRegistrationAotContribution processAheadOfTime(RegisteredBean registeredBean) {
		Class<?> beanClass = ClassUtils.getUserClass(registeredBean.getBeanClass());
		Set<Method> methods = listenerMethods(beanClass);
		if (methods.isEmpty()) {
			return null;
		}
		return (generationContext, beanRegistrationCode) -> registerHints(
				generationContext.getRuntimeHints().reflection(), methods);
	}

	/**
	 * Return the methods of a class annotated with {@link PubSubListener}, directly, repeated or as a
	 * meta-annotation.
	 * @param type the class
	 * @return the listener methods
	 */
	static Set<Method> listenerMethods(Class<?> type) {
		Map<Method, Boolean> methods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<Boolean>) (method) -> AnnotatedElementUtils
					.findMergedRepeatableAnnotations(method, PubSubListener.class, PubSubListeners.class)
					.isEmpty() ? null : Boolean.TRUE);
		return new LinkedHashSet<>(methods.keySet());
	}

	/**
	 * Register the hints for some listener methods.
	 * @param hints the reflection hints to add to
	 * @param methods the listener methods
	 */
	static void registerHints(ReflectionHints hints, Set<Method> methods) {
		BindingReflectionHintsRegistrar binding = new BindingReflectionHintsRegistrar();
		for (Method method : methods) {
			hints.registerMethod(method, ExecutableMode.INVOKE);
			for (int i = 0; i < method.getParameterCount(); i++) {
				registerBinding(binding, hints, ResolvableType.forMethodParameter(new MethodParameter(method, i)));
			}
			registerBinding(binding, hints, ResolvableType.forMethodReturnType(method));
		}
	}

	private static void registerBinding(BindingReflectionHintsRegistrar binding, ReflectionHints hints,
			ResolvableType type) {
		Class<?> raw = type.resolve();
		if (raw == null || raw == void.class || raw.isPrimitive()) {
			return;
		}
		if (raw.isArray()) {
			registerBinding(binding, hints, type.getComponentType());
			return;
		}
		if (isInfrastructure(raw)) {
			for (ResolvableType generic : type.getGenerics()) {
				registerBinding(binding, hints, generic);
			}
			return;
		}
		binding.registerReflectionHints(hints, type.getType());
	}

	private static boolean isInfrastructure(Class<?> type) {
		String name = type.getName();
		for (String prefix : INFRASTRUCTURE_PACKAGES) {
			if (name.startsWith(prefix)) {
				return true;
			}
		}
		return STARTER_LOCATION != null && STARTER_LOCATION.equals(location(type));
	}

	private static @Nullable URL location(Class<?> type) {
		CodeSource source = type.getProtectionDomain().getCodeSource();
		return (source != null) ? source.getLocation() : null;
	}

}
