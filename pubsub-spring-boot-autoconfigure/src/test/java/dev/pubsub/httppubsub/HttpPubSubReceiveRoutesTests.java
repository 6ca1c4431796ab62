package dev.pubsub.httppubsub;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where each remote subscription is registered, and which copy of a message is dispatched.
 */
class HttpPubSubReceiveRoutesTests {

	private static final String RECEIVE = "http://10.0.0.5:8080/pubsub/httppubsub/orders/receive";

	@Test
	void eachGlobHasAStableUrlOfItsOwnBeforeTheFragment() {
		String id = HttpPubSubReceiveRoutes.globId("orders/*");
		assertThat(id).hasSize(16).isEqualTo(HttpPubSubReceiveRoutes.globId("orders/*"));
		assertThat(HttpPubSubReceiveRoutes.isGlobId(id)).isTrue();
		assertThat(HttpPubSubReceiveRoutes.isGlobId("orders/*")).isFalse();
		assertThat(HttpPubSubReceiveRoutes.globId("orders/?")).isNotEqualTo(id);
		assertThat(HttpPubSubReceiveRoutes.urlFor(RECEIVE + "#p1", "orders/*"))
			.isEqualTo(RECEIVE + "?glob=" + id + "#p1");
		assertThat(HttpPubSubReceiveRoutes.urlFor(RECEIVE + "?x=1", "orders/*")).isEqualTo(RECEIVE + "?x=1&glob=" + id);
		assertThat(HttpPubSubReceiveRoutes.urlFor(RECEIVE, "orders/1")).isEqualTo(RECEIVE);
		assertThat(HttpPubSubReceiveRoutes.urlFor(RECEIVE, "exact:orders/*")).isEqualTo(RECEIVE);
	}

	@Test
	void theGlobParameterIsReadFromTheQueryStringAsTheServletWouldDecodeIt() {
		String id = HttpPubSubReceiveRoutes.globId("orders/*");
		String url = HttpPubSubReceiveRoutes.globUrl(RECEIVE + "?tenant=a", id);
		assertThat(HttpPubSubReceiveRoutes.globParameter(url.substring(url.indexOf('?') + 1))).isEqualTo(id);
		assertThat(HttpPubSubReceiveRoutes.globParameter(null)).isNull();
		assertThat(HttpPubSubReceiveRoutes.globParameter("")).isNull();
		assertThat(HttpPubSubReceiveRoutes.globParameter("tenant=a&")).isNull();
		assertThat(HttpPubSubReceiveRoutes.globParameter("globs=x&xglob=y")).isNull();
		assertThat(HttpPubSubReceiveRoutes.globParameter("glob")).isEmpty();
		assertThat(HttpPubSubReceiveRoutes.globParameter("glob=")).isEmpty();
		assertThat(HttpPubSubReceiveRoutes.globParameter("a=1&glob=abc&glob=def")).isEqualTo("abc");
		assertThat(HttpPubSubReceiveRoutes.globParameter("glob=a%2Db+c")).isEqualTo("a-b c");
		assertThat(HttpPubSubReceiveRoutes.globParameter("glob=%ZZ")).isNull();
	}

	@Test
	void patternsAreGroupedByUrlWithTheReceiveUrlAlwaysFirst() {
		assertThat(HttpPubSubReceiveRoutes.byUrl(RECEIVE, List.of())).isEqualTo(Map.of(RECEIVE, List.of()));
		Map<String, List<String>> byUrl = HttpPubSubReceiveRoutes.byUrl(RECEIVE,
				List.of("orders/*", "orders/1", "exact:a*", "*/1"));
		assertThat(byUrl.keySet()).containsExactly(RECEIVE, HttpPubSubReceiveRoutes.urlFor(RECEIVE, "orders/*"),
				HttpPubSubReceiveRoutes.urlFor(RECEIVE, "*/1"));
		assertThat(byUrl.get(RECEIVE)).containsExactly("orders/1", "exact:a*");
		assertThat(HttpPubSubReceiveRoutes.globFor(HttpPubSubReceiveRoutes.globId("*/1"), byUrl.get(RECEIVE)))
			.isNull();
		assertThat(HttpPubSubReceiveRoutes.globFor(HttpPubSubReceiveRoutes.globId("*/1"), List.of("orders/*", "*/1")))
			.isEqualTo("*/1");
	}

	@Test
	void onlyTheLeastMatchingGlobsCopyIsDispatchedAndNoneWhenAnExactPatternNamesTheTopic() {
		List<String> patterns = List.of("orders/c*", "orders/*", "*/created", "invoices/1");
		assertThat(designated("orders/*", "orders/cat", patterns)).isTrue();
		assertThat(designated("orders/c*", "orders/cat", patterns)).isFalse();
		assertThat(designated("*/created", "orders/created", patterns)).isTrue();
		assertThat(designated("orders/*", "orders/created", patterns)).isFalse();
		assertThat(designated("orders/*", "invoices/1", List.of("*", "invoices/1"))).isFalse();
		assertThat(designated("orders/*", "other", patterns)).isFalse();
	}

	private static boolean designated(String glob, String topic, List<String> patterns) {
		return HttpPubSubReceiveRoutes.isDesignated(glob, topic, patterns, HttpPubSubGlob::compile);
	}

}
