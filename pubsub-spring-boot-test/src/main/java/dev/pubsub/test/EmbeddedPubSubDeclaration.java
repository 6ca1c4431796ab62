package dev.pubsub.test;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.BeanUtils;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.core.annotation.MergedAnnotations.SearchStrategy;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

/**
 * One embedded server declared on a test class: the provider annotation (with its attributes merged) and the
 * factory its {@link EmbeddedPubSub} names. Equal declarations give equal Spring test-context cache keys.
 */
public final class EmbeddedPubSubDeclaration {

	private final Annotation annotation;

	private final Class<? extends EmbeddedPubSubServerFactory<?, ?>> factoryClass;

	private EmbeddedPubSubDeclaration(Annotation annotation,
			Class<? extends EmbeddedPubSubServerFactory<?, ?>> factoryClass) {
		this.annotation = annotation;
		this.factoryClass = factoryClass;
	}

	/**
	 * Find the declarations on a test class, its superclasses, interfaces and enclosing classes; for each
	 * provider annotation type the nearest declaration wins.
	 * @param testClass the test class
	 * @return the declarations, nearest first
	 */
	public static List<EmbeddedPubSubDeclaration> find(Class<?> testClass) {
		Map<Class<? extends Annotation>, EmbeddedPubSubDeclaration> found = new LinkedHashMap<>();
		search(testClass).stream(EmbeddedPubSub.class).forEach((embedded) -> {
			MergedAnnotation<?> source = embedded.getMetaSource();
			if (source == null) {
				return;
			}
			Annotation annotation = source.synthesize();
			found.putIfAbsent(annotation.annotationType(),
					new EmbeddedPubSubDeclaration(annotation, embedded.synthesize().value()));
		});
		return new ArrayList<>(found.values());
	}

	/**
	 * Whether the test class runs under Spring's TestContext framework ({@code @ExtendWith(SpringExtension.class)},
	 * directly or through {@code @SpringBootTest}, {@code @SpringJUnitConfig} and the like).
	 * @param testClass the test class
	 * @return whether Spring manages it
	 */
	static boolean isSpringTest(Class<?> testClass) {
		return search(testClass).stream(ExtendWith.class)
			.anyMatch((extendWith) -> ObjectUtils.containsElement(extendWith.getClassArray("value"),
					SpringExtension.class));
	}

	private static MergedAnnotations search(Class<?> testClass) {
		return MergedAnnotations.search(SearchStrategy.TYPE_HIERARCHY)
			.withEnclosingClasses(ClassUtils::isInnerClass)
			.from(testClass);
	}

	/**
	 * The provider annotation.
	 * @return the annotation
	 */
	public Annotation annotation() {
		return this.annotation;
	}

	/**
	 * Create the server, not started.
	 * @return the server
	 */
	public EmbeddedPubSubServer createServer() {
		return factory().createServer(this.annotation);
	}

	/**
	 * The properties that point clients at the started server.
	 * @param server the started server (from {@link #createServer()})
	 * @return the properties
	 */
	public Map<String, Object> properties(EmbeddedPubSubServer server) {
		return factory().properties(this.annotation, server);
	}

	/**
	 * The bean name of the server in Spring tests.
	 * @return the bean name
	 */
	public String beanName() {
		return factory().beanName(this.annotation);
	}

	@SuppressWarnings("unchecked")
	private EmbeddedPubSubServerFactory<Annotation, EmbeddedPubSubServer> factory() {
		return (EmbeddedPubSubServerFactory<Annotation, EmbeddedPubSubServer>) BeanUtils
			.instantiateClass(this.factoryClass);
	}

	@Override
	public boolean equals(Object other) {
		return (this == other) || (other instanceof EmbeddedPubSubDeclaration that
				&& this.annotation.equals(that.annotation) && this.factoryClass.equals(that.factoryClass));
	}

	@Override
	public int hashCode() {
		return this.annotation.hashCode();
	}

	/**
	 * The provider annotation's type, without its attributes: some hold secrets ({@code secret},
	 * {@code appSecret}, {@code toBroadcasterSecret}).
	 */
	@Override
	public String toString() {
		return "@" + this.annotation.annotationType().getName();
	}

}
