package dev.pubsub.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps README's "Use it" section and {@code docs/getting-started.md} equal to the
 * {@code pubsub-spring-getting-started} module, whose test proves they work: the listener class,
 * the test class and {@code application.yml} must be the module's files character for character,
 * and every dependency they show must be in the module's pom.
 */
class GettingStartedDocumentationTests {

	private static final Pattern FENCE = Pattern.compile("```(\\w+)\\n(.*?)```", Pattern.DOTALL);

	private static final Pattern DEPENDENCY = Pattern.compile("<dependency>.*?</dependency>", Pattern.DOTALL);

	private static final String INSTALL = "./mvnw -q install -DskipTests";

	private final Path root = root();

	private final Path module = this.root.resolve("pubsub-spring-getting-started");

	@Test
	void readmeUseItIsTheGettingStartedModule() throws IOException {
		String readme = Files.readString(this.root.resolve("README.md"));
		String useIt = readme.substring(readme.indexOf("## Use it"), readme.indexOf("\n## ", readme.indexOf("## Use it")));
		assertThat(useIt).contains(INSTALL);
		assertThat(useIt.indexOf(INSTALL)).as("install step before the coordinates").isLessThan(useIt.indexOf("<dependency>"));
		assertThat(blocks(useIt, "java")).containsExactly(source("src/main/java/com/example/orders/OrderListener.java"));
		assertThat(blocks(useIt, "yaml")).containsExactly(source("src/main/resources/application.yml"));
		assertDependenciesInPom(blocks(useIt, "xml"));
		assertThat(useIt).contains("(pubsub-spring-sample-app/src/main/resources/application.yml)");
		assertThat(this.root.resolve("pubsub-spring-sample-app/src/main/resources/application.yml")).isRegularFile();
	}

	@Test
	void gettingStartedGuideIsTheGettingStartedModule() throws IOException {
		String guide = Files.readString(this.root.resolve("docs/getting-started.md"));
		assertThat(guide).contains(INSTALL);
		List<String> java = blocks(guide, "java");
		assertThat(java).filteredOn((block) -> block.contains("class OrderListener "))
			.containsExactly(source("src/main/java/com/example/orders/OrderListener.java"));
		assertThat(java).filteredOn((block) -> block.contains("class OrderListenerTests "))
			.containsExactly(source("src/test/java/com/example/orders/OrderListenerTests.java"));
		assertThat(blocks(guide, "yaml")).containsExactly(source("src/main/resources/application.yml"));
		assertDependenciesInPom(blocks(guide, "xml"));
	}

	private void assertDependenciesInPom(List<String> xmlBlocks) throws IOException {
		String pom = normalize(source("pom.xml"));
		List<String> dependencies = new ArrayList<>();
		for (String block : xmlBlocks) {
			Matcher matcher = DEPENDENCY.matcher(block);
			while (matcher.find()) {
				dependencies.add(normalize(matcher.group()));
			}
		}
		assertThat(dependencies).isNotEmpty().allSatisfy((dependency) -> assertThat(pom).contains(dependency));
	}

	private String source(String path) throws IOException {
		return Files.readString(this.module.resolve(path));
	}

	private static List<String> blocks(String markdown, String language) {
		List<String> blocks = new ArrayList<>();
		Matcher matcher = FENCE.matcher(markdown);
		while (matcher.find()) {
			if (matcher.group(1).equals(language)) {
				blocks.add(matcher.group(2));
			}
		}
		return blocks;
	}

	private static String normalize(String xml) {
		return xml.replaceAll("\\s+", "");
	}

	private static Path root() {
		Path dir = Paths.get("").toAbsolutePath();
		while (dir != null && !Files.isDirectory(dir.resolve("pubsub-spring-getting-started"))) {
			dir = dir.getParent();
		}
		assertThat(dir).as("repository root with pubsub-spring-getting-started/").isNotNull();
		return dir;
	}

}
