package dev.pubsub.core;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.util.MimeTypeUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link PubSubMessage}: payload access from raw bytes and from a parsed JSON tree.
 */
class PubSubMessageTests {

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	record Order(String id, int quantity) {
	}

	private PubSubMessage.Builder builder() {
		return PubSubMessage.builder("rt", "orders", this.jsonMapper);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void receivedAtIsTheBuildMomentUnlessTheProviderSetsIt() {
		java.time.Instant before = java.time.Instant.now();
		PubSubMessage built = builder().build();
		assertThat(built.receivedAt()).isBetween(before, java.time.Instant.now());
		java.time.Instant earlier = before.minusSeconds(60);
		assertThat(builder().receivedAt(earlier).build().receivedAt()).isEqualTo(earlier);
		PubSubHeaders headers = PubSubHeaders.of(Map.of(PubSubHeaders.RECEIVED_AT, earlier));
		PubSubMessage withHeader = builder().headers(headers).build();
		assertThat(withHeader.receivedAt()).isEqualTo(earlier);
		assertThat(withHeader.headers().asMap()).isEqualTo(headers.asMap());
		PubSubHeaders legacy = PubSubHeaders.of(Map.of(PubSubHeaders.RECEIVED_AT, 42L));
		assertThat(builder().headers(legacy).build().receivedAt()).isAfterOrEqualTo(before);
	}

	@Test
	void headersAddedOneByOneLeaveOutNullsAndStayWithTheMessageTheyWereBuiltInto() {
		java.time.Instant at = java.time.Instant.parse("2026-12-07T10:00:00Z");
		PubSubMessage.Builder builder = builder().header(PubSubHeaders.SENDER, "s-1")
			.header(PubSubHeaders.MESSAGE_ID, null)
			.receivedAt(at);
		PubSubMessage first = builder.build();
		assertThat(first.headers().asMap()).containsExactly(Map.entry(PubSubHeaders.SENDER, "s-1"),
				Map.entry(PubSubHeaders.RECEIVED_AT, at));
		PubSubMessage second = builder.header(PubSubHeaders.MESSAGE_ID, "m-2").build();
		assertThat(second.headers().get(PubSubHeaders.MESSAGE_ID)).isEqualTo("m-2");
		assertThat(first.headers().asMap()).doesNotContainKey(PubSubHeaders.MESSAGE_ID);
		assertThatExceptionOfType(UnsupportedOperationException.class)
			.isThrownBy(() -> first.headers().asMap().put("x", "y"));
		PubSubMessage replaced = builder.headers(PubSubHeaders.of(Map.of(PubSubHeaders.TOPIC, "t"))).build();
		assertThat(replaced.headers().asMap()).containsOnlyKeys(PubSubHeaders.TOPIC, PubSubHeaders.RECEIVED_AT);
	}

	@Test
	void carriesItsMetadataAndDefaultsTheRoutingKeyToTheTopic() {
		PubSubHeaders headers = PubSubHeaders.of(Map.of(PubSubHeaders.SENDER, "s-1"));
		PubSubMessage message = builder().messageType("order.created").headers(headers).build();
		assertThat(message.clientName()).isEqualTo("rt");
		assertThat(message.topic()).isEqualTo("orders");
		assertThat(message.routingKey()).isEqualTo("orders");
		assertThat(message.messageType()).isEqualTo("order.created");
		assertThat(message.headers().asMap()).containsEntry(PubSubHeaders.SENDER, "s-1")
			.containsEntry(PubSubHeaders.RECEIVED_AT, message.receivedAt())
			.hasSize(2);
		assertThat(message.contentType()).isEqualTo(MimeTypeUtils.APPLICATION_JSON);
		assertThat(message.replyHandle()).isEmpty();
		assertThat(message).hasToString("PubSubMessage[client=rt, routingKey=orders]");
		assertThat(builder().routingKey("orders.eu").build().routingKey()).isEqualTo("orders.eu");
		assertThat(builder().build().headers().asMap()).containsOnlyKeys(PubSubHeaders.RECEIVED_AT);
	}

	@Test
	void exposesItsReplyHandle() {
		ReplyHandle handle = (data, options) -> CompletableFuture.completedFuture(null);
		assertThat(builder().replyHandle(handle).build().replyHandle()).containsSame(handle);
	}

	@Test
	void bytesAreCopiedForCallersButSharedInternally() {
		byte[] raw = utf8("{\"id\":\"a\"}");
		PubSubMessage message = builder().payload(raw).build();
		assertThat(message.payloadBytes()).isSameAs(raw);
		byte[] copy = message.asBytes();
		assertThat(copy).isEqualTo(raw).isNotSameAs(raw);
		copy[0] = 'X';
		assertThat(message.asBytes()[0]).isEqualTo((byte) '{');
		assertThat(message.payloadAs(byte[].class)).isEqualTo(raw).isNotSameAs(raw);
	}

	@Test
	void aMessageWithoutPayloadHasNoBytes() {
		PubSubMessage message = builder().build();
		assertThat(message.payloadBytes()).isEmpty();
		assertThat(message.asString()).isEmpty();
	}

	@Test
	void aTreePayloadIsSerializedOnceOnDemand() {
		ObjectNode tree = JsonNodeFactory.instance.objectNode().put("id", "a").put("quantity", 2);
		PubSubMessage message = builder().payloadTree(tree).build();
		byte[] bytes = message.payloadBytes();
		assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"a\",\"quantity\":2}");
		assertThat(message.payloadBytes()).isSameAs(bytes);
		assertThat(message.payloadAs(Order.class)).isEqualTo(new Order("a", 2));
		assertThat(message.payloadAsJson()).isSameAs(tree);
		assertThat(message.payloadAs(ObjectNode.class)).isSameAs(tree);
	}

	@Test
	void theLastPayloadSetWins() {
		ObjectNode tree = JsonNodeFactory.instance.objectNode().put("id", "tree").put("quantity", 1);
		assertThat(builder().payloadTree(tree).payload(utf8("\"bytes\"")).build().asString()).isEqualTo("bytes");
		assertThat(builder().payload(utf8("\"bytes\"")).payloadTree(tree).build().payloadAs(Order.class).id())
			.isEqualTo("tree");
	}

	@Test
	void aJsonStringIsUnquotedFromBytesAndFromATree() {
		assertThat(builder().payload(utf8("\"caf\\u00e9 \\\"x\\\"\"")).build().asString()).isEqualTo("café \"x\"");
		assertThat(builder().payloadTree(JsonNodeFactory.instance.stringNode("plain")).build().asString())
			.isEqualTo("plain");
		assertThat(builder().payload(utf8("\"text\"")).build().payloadAs(String.class)).isEqualTo("text");
	}

	@Test
	void aBrokenJsonStringIsReturnedAsItsText() {
		assertThat(builder().payload(utf8("\"unterminated")).build().asString()).isEqualTo("\"unterminated");
	}

	@Test
	void textThatIsNotAJsonStringIsReturnedAsIs() {
		assertThat(builder().payload(utf8("{\"id\":\"a\"}")).build().asString()).isEqualTo("{\"id\":\"a\"}");
		assertThat(builder().payload(utf8("\"quoted\"")).contentType(MimeTypeUtils.TEXT_PLAIN).build().asString())
			.isEqualTo("\"quoted\"");
		ObjectNode tree = JsonNodeFactory.instance.objectNode().put("id", "a");
		assertThat(builder().payloadTree(tree).build().asString()).isEqualTo("{\"id\":\"a\"}");
	}

	@Test
	void convertsBytesToTypesAndGenericTypes() {
		PubSubMessage message = builder().payload(utf8("[{\"id\":\"a\",\"quantity\":1},{\"id\":\"b\",\"quantity\":2}]"))
			.build();
		Object orders = message.payloadAs(new TypeReference<List<Order>>() {
		}.getType());
		assertThat(orders).isEqualTo(List.of(new Order("a", 1), new Order("b", 2)));
		assertThat(builder().payload(utf8("42")).build().payloadAs(int.class)).isEqualTo(42);
		JsonNode json = builder().payload(utf8("{\"id\":\"a\"}")).build().payloadAsJson();
		assertThat(json.get("id").asString()).isEqualTo("a");
	}

	@Test
	void anUnconvertiblePayloadIsAProtocolErrorNamingTheRoutingKeyAndType() {
		PubSubMessage bytes = builder().routingKey("orders.eu").payload(utf8("{\"quantity\":\"many\"}")).build();
		assertThatExceptionOfType(PubSubProtocolException.class).isThrownBy(() -> bytes.payloadAs(Order.class))
			.withMessageContaining("'orders.eu'")
			.withMessageContaining(Order.class.getName())
			.withMessageNotContaining("many");
		PubSubMessage tree = builder()
			.payloadTree(JsonNodeFactory.instance.objectNode().put("quantity", "many"))
			.build();
		assertThatExceptionOfType(PubSubProtocolException.class).isThrownBy(() -> tree.payloadAs(Order.class))
			.withMessageContaining("'orders'");
	}

	@Test
	void sizeIsTheDeclaredSizeElseThePayloadBytes() {
		assertThat(builder().payload(utf8("hello")).build().size()).isEqualTo(5);
		assertThat(builder().payload(utf8("hello")).size(1_000).build().size()).isEqualTo(1_000);
		assertThat(builder().payload(utf8("hello")).size(0).build().size()).as("declared empty frame").isZero();
		assertThat(builder().build().size()).isZero();
	}

	@Test
	void sizeOfAParsedTreeCountsItsCharactersPlusTheSameOverheadPerNode() {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		long node = sizeOf(nodes.objectNode());
		assertThat(node).as("the overhead of one node").isPositive();
		assertThat(sizeOf(nodes.numberNode(42))).isEqualTo(node);
		long text = sizeOf(nodes.stringNode("abcd"));
		assertThat(text).isEqualTo(node + 4);
		assertThat(sizeOf(nodes.objectNode().put("key", "abcd"))).as("node, field name, field entry, value")
			.isEqualTo(node + 3 + node + text);
		assertThat(sizeOf(nodes.arrayNode().add("abcd").add("ab"))).isEqualTo(node + text + (node + 2));
	}

	@Test
	void tooLargeNamesTheSizeAndTheLimit() {
		PubSubMessageTooLargeException ex = new PubSubMessageTooLargeException(2_000, 1_024);
		assertThat(ex.getSize()).isEqualTo(2_000);
		assertThat(ex.getLimit()).isEqualTo(1_024);
		assertThat(ex).hasMessage("Message of 2000 bytes exceeds the limit of 1024 bytes");
	}

	private long sizeOf(JsonNode tree) {
		return builder().payloadTree(tree).build().size();
	}

}
