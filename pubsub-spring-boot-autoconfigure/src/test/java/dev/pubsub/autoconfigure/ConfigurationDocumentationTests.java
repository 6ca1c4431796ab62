package dev.pubsub.autoconfigure;

import java.beans.PropertyDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.BeanUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps the configuration reference honest: every property in the generated metadata has a
 * description, and every {@code pubsub.clients.<name>.*} key (which the metadata cannot list) is
 * documented in {@code docs/}.
 */
class ConfigurationDocumentationTests {

	@Test
	void everyGeneratedPropertyHasADescription() throws IOException {
		try (InputStream metadata = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(metadata).as("generated configuration metadata").isNotNull();
			JsonNode properties = JsonMapper.builder().build().readTree(metadata).get("properties");
			assertThat(properties.size()).isPositive();
			List<String> undocumented = new ArrayList<>();
			properties.forEach((property) -> {
				JsonNode description = property.get("description");
				if (description == null || description.asString().isBlank()) {
					undocumented.add(property.get("name").asString());
				}
			});
			assertThat(undocumented).as("properties without a description").isEmpty();
		}
	}

	@Test
	void everyClientKeyIsDocumented() throws IOException {
		String docs = readDocs();
		List<String> keys = new ArrayList<>();
		collect("pubsub.clients.<name>", PubSubClientProperties.class, keys);
		assertThat(keys).hasSizeGreaterThan(10);
		assertThat(keys).as("pubsub.clients keys missing from docs/").allSatisfy((key) -> assertThat(docs).contains(key));
	}

	private static void collect(String prefix, Class<?> type, List<String> keys) {
		for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(type)) {
			if ("class".equals(descriptor.getName()) || descriptor.getReadMethod() == null) {
				continue;
			}
			Class<?> propertyType = descriptor.getPropertyType();
			String key = prefix + "." + kebab(descriptor.getName());
			if (Map.class.isAssignableFrom(propertyType)) {
				keys.add(key + ".<key>");
			}
			else if (propertyType.getName().startsWith("dev.pubsub") && !propertyType.isEnum()
					&& descriptor.getWriteMethod() == null) {
				collect(key, propertyType, keys);
			}
			else {
				keys.add(key);
			}
		}
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
	}

	private static String readDocs() throws IOException {
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve("docs"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("docs/ directory").isNotNull();
		StringBuilder all = new StringBuilder();
		try (Stream<Path> files = Files.list(dir.resolve("docs"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".md")).toList()) {
				all.append(Files.readString(file)).append('\n');
			}
		}
		return all.toString();
	}

}
