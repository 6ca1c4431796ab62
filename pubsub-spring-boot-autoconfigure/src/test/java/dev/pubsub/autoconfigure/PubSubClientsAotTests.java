package dev.pubsub.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.GeneratedFiles.Kind;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.support.AbstractBeanDefinition;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.core.io.InputStreamSource;
import org.springframework.javapoet.ClassName;
import org.springframework.util.StreamUtils;

import dev.pubsub.httppubsub.DefaultHttpPubSubClient;
import dev.pubsub.realtime.RealtimeClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring's AOT processing of a context with one client of each provider type: it succeeds (no
 * instance supplier, which it cannot write out as code), and the generated code re-creates each
 * client through its registrar's factory method with the client's name.
 */
class PubSubClientsAotTests {

	@Test
	void clientBeanDefinitionsNameAFactoryMethodAndTheClientName() {
		try (AnnotationConfigApplicationContext context = contextWithAllClientTypes()) {
			context.refreshForAotProcessing(new RuntimeHints());
			for (String name : new String[] { "gateway", "live", "notifications", "feed", "sensors" }) {
				RootBeanDefinition definition = (RootBeanDefinition) context.getBeanFactory()
					.getMergedBeanDefinition(name);
				assertThat(definition.getInstanceSupplier()).as(name).isNull();
				assertThat(definition.getFactoryMethodName()).as(name).isNotNull();
				assertThat(definition.getResolvedAutowireMode()).as(name)
					.isEqualTo(AbstractBeanDefinition.AUTOWIRE_CONSTRUCTOR);
				assertThat(definition.getConstructorArgumentValues().getIndexedArgumentValue(0, String.class)
					.getValue()).as(name).isEqualTo(name);
			}
			assertThat(context.getBeanFactory().getType("gateway")).isEqualTo(RealtimeClient.class);
			assertThat(context.getBeanFactory().getType("notifications"))
				.isEqualTo(DefaultHttpPubSubClient.class);
		}
	}

	@Test
	void aotProcessingWritesEachClientAsAFactoryMethodCall() throws Exception {
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("dev.pubsub.aottest", "TestApplication")),
				new InMemoryGeneratedFiles());
		try (AnnotationConfigApplicationContext context = contextWithAllClientTypes()) {
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		}
		generation.writeGeneratedContent();
		StringBuilder sources = new StringBuilder();
		for (Map.Entry<String, InputStreamSource> file : ((InMemoryGeneratedFiles) generation.getGeneratedFiles())
			.getGeneratedFiles(Kind.SOURCE)
			.entrySet()) {
			sources.append(StreamUtils.copyToString(file.getValue().getInputStream(), StandardCharsets.UTF_8));
		}
		String code = sources.toString();
		assertThat(code).contains("RealtimeClientsRegistrar.realtimeClient(",
				"RealtimeXClientsRegistrar.realtimeXClient(", "HttpPubSubClientsRegistrar.httpPubSubClient(",
				"WsRpcClientsRegistrar.wsRpcClient(", "EmitterClientsRegistrar.emitterClient(");
		for (String name : new String[] { "gateway", "live", "notifications", "feed", "sensors" }) {
			assertThat(code).contains("addIndexedArgumentValue(0, \"" + name + "\")");
		}
	}

	@Test
	void aotProcessingDeclaresEveryClientPropertiesTypeForBinding() {
		// PubSubClientsRuntimeHints, from aot.factories: the registrars bind them with the Binder
		DefaultGenerationContext generation = new DefaultGenerationContext(
				new ClassNameGenerator(ClassName.get("dev.pubsub.aottest", "TestApplication")),
				new InMemoryGeneratedFiles());
		try (AnnotationConfigApplicationContext context = contextWithAllClientTypes()) {
			new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
		}
		for (Class<?> type : new Class<?>[] { PubSubClientProperties.class, PubSubReconnectProperties.class,
				PubSubInboundProperties.class,
				HttpPubSubClientProperties.Auth.class, RealtimeClientProperties.class,
				RealtimeXClientProperties.class, HttpPubSubClientProperties.class, WsRpcClientProperties.class,
				EmitterClientProperties.class, ClientSslProperties.class }) {
			assertThat(RuntimeHintsPredicates.reflection().onType(type)).as(type.getName())
				.accepts(generation.getRuntimeHints());
		}
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(EmitterClientProperties.class, "setHost"))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PubSubClientProperties.class, "setType"))
			.accepts(generation.getRuntimeHints());
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ClientSslProperties.class, "setBundle"))
			.accepts(generation.getRuntimeHints());
	}

	private static AnnotationConfigApplicationContext contextWithAllClientTypes() {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		TestPropertyValues
			.of("pubsub.clients.gateway.type=realtime", "pubsub.clients.live.type=realtimex",
					"pubsub.clients.notifications.type=httppubsub", "pubsub.clients.feed.type=wsrpc",
					"pubsub.clients.sensors.type=emitter")
			.applyTo(context);
		context.register(PubSubAutoConfiguration.class, RealtimePubSubAutoConfiguration.class,
				RealtimeXAutoConfiguration.class, HttpPubSubAutoConfiguration.class, WsRpcAutoConfiguration.class,
				EmitterAutoConfiguration.class);
		return context;
	}

}
